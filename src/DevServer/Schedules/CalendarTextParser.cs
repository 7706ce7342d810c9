using System.Globalization;
using Google.Protobuf.Collections;
using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// Compiles the text fields of a <see cref="CalendarSpec"/> ("*", "5", "1-5", "*/15", "10/5",
/// "1-10/2", "mon-fri", comma lists) into the ranges of a <see cref="StructuredCalendarSpec"/>.
/// Defaults: second, minute and hour "0"; day of month, month, year and day of week "*".
/// </summary>
internal static class CalendarTextParser
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public static StructuredCalendarSpec ToStructured(CalendarSpec calendar)
    {
        var structured = new StructuredCalendarSpec { Comment = calendar.Comment };
        AddRanges(structured.Second, calendar.Second, "0", CalendarFieldKind.Second);
        AddRanges(structured.Minute, calendar.Minute, "0", CalendarFieldKind.Minute);
        AddRanges(structured.Hour, calendar.Hour, "0", CalendarFieldKind.Hour);
        AddRanges(structured.DayOfMonth, calendar.DayOfMonth, "*", CalendarFieldKind.DayOfMonth);
        AddRanges(structured.Month, calendar.Month, "*", CalendarFieldKind.Month);
        AddRanges(structured.DayOfWeek, calendar.DayOfWeek, "*", CalendarFieldKind.DayOfWeek);

        // A bare "*" year stays empty, which the structured form defines as every year.
        var year = string.IsNullOrWhiteSpace(calendar.Year) ? "*" : calendar.Year.Trim();
        if (year != "*")
        {
            AddRanges(structured.Year, year, "*", CalendarFieldKind.Year);
        }

        return structured;
    }

    private static void AddRanges(RepeatedField<Temporalio.Api.Schedule.V1.Range> target, string text, string defaultText, CalendarFieldKind field)
    {
        var expression = string.IsNullOrWhiteSpace(text) ? defaultText : text.Trim();
        var (min, max) = CalendarFieldLimits.For(field);
        foreach (var rawPart in expression.Split(','))
        {
            var part = rawPart.Trim();
            var step = 1;
            var hasStep = false;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                var stepText = part[(slash + 1)..];
                part = part[..slash];
                if (stepText.Contains('/', StringComparison.Ordinal)
                    || !int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step)
                    || step < 1)
                {
                    throw Malformed(field, rawPart);
                }

                hasStep = true;
            }

            int start = min, end = max;
            if (part != "*")
            {
                var dash = part.IndexOf('-', StringComparison.Ordinal);
                if (dash >= 0)
                {
                    var endText = part[(dash + 1)..];
                    if (endText.Contains('-', StringComparison.Ordinal))
                    {
                        throw Malformed(field, rawPart);
                    }

                    start = ParseValue(part[..dash], min, max, field, rawPart);
                    end = ParseValue(endText, start, max, field, rawPart);
                }
                else
                {
                    start = ParseValue(part, min, max, field, rawPart);
                    end = hasStep ? max : start;
                }
            }

            target.Add(new Temporalio.Api.Schedule.V1.Range
            {
                Start = start,
                End = end == start ? 0 : end,
                Step = step == 1 ? 0 : step,
            });
        }
    }

    private static int ParseValue(string text, int min, int max, CalendarFieldKind field, string part)
    {
        var value = text.Trim();
        if (field == CalendarFieldKind.Month && value.Length >= 3 && TryMatchName(MonthNames, value, out var month))
        {
            return CheckBounds(month + 1, min, max, field, part);
        }

        if (field == CalendarFieldKind.DayOfWeek && value.Length >= 2 && TryMatchName(DayNames, value, out var day))
        {
            return CheckBounds(day, min, max, field, part);
        }

        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw Malformed(field, part);
        }

        return CheckBounds(number, min, max, field, part);
    }

    private static bool TryMatchName(string[] names, string prefix, out int index)
    {
        for (index = 0; index < names.Length; index++)
        {
            if (names[index].StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int CheckBounds(int value, int min, int max, CalendarFieldKind field, string part)
    {
        if (value < min || value > max)
        {
            throw ScheduleSpecException.Invalid($"{field} value \"{part}\" is out of range");
        }

        return value;
    }

    private static ScheduleSpecException Malformed(CalendarFieldKind field, string part) =>
        ScheduleSpecException.Invalid($"{field} has malformed expression \"{part}\"");
}
