using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// Compiles one <c>cron_string</c> entry the way the server does: optional <c>CRON_TZ=</c>/<c>TZ=</c>
/// prefix, optional trailing "# comment", then 5 fields (minute hour day-of-month month day-of-week),
/// 6 (plus year) or 7 (second first, then the six), a shorthand (@yearly, @annually, @monthly,
/// @weekly, @daily, @midnight, @hourly), or <c>@every interval[/phase]</c> which becomes an interval.
/// </summary>
internal static class CronStringParser
{
    public static CronStringParseResult Parse(string cronString)
    {
        var text = cronString.Trim();
        string? timeZoneName = null;
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = text.IndexOfAny([' ', '\t']);
            if (space < 0)
            {
                throw Malformed(cronString);
            }

            timeZoneName = text[(text.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            text = text[space..].Trim();
        }

        var comment = string.Empty;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            comment = text[(hash + 1)..].Trim();
            text = text[..hash].Trim();
        }

        if (text.StartsWith("@every", StringComparison.Ordinal))
        {
            return new CronStringParseResult(null, ParseEvery(text, cronString), timeZoneName);
        }

        var fields = ExpandShorthand(text).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var calendar = new CalendarSpec { Comment = comment };
        switch (fields.Length)
        {
            case 5:
                (calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek) =
                    (fields[0], fields[1], fields[2], fields[3], fields[4]);
                break;
            case 6:
                (calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek, calendar.Year) =
                    (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
                break;
            case 7:
                (calendar.Second, calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.DayOfWeek, calendar.Year) =
                    (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]);
                break;
            default:
                throw Malformed(cronString);
        }

        return new CronStringParseResult(CalendarTextParser.ToStructured(calendar), null, timeZoneName);
    }

    private static IntervalSpec ParseEvery(string text, string cronString)
    {
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[0] != "@every")
        {
            throw Malformed(cronString);
        }

        var slash = parts[1].IndexOf('/', StringComparison.Ordinal);
        var interval = ScheduleDurationParser.Parse(slash < 0 ? parts[1] : parts[1][..slash]);
        var spec = new IntervalSpec { Interval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(interval) };
        if (slash >= 0)
        {
            spec.Phase = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(ScheduleDurationParser.Parse(parts[1][(slash + 1)..]));
        }

        return spec;
    }

    private static string ExpandShorthand(string text) => text switch
    {
        "@yearly" or "@annually" => "0 0 1 1 *",
        "@monthly" => "0 0 1 * *",
        "@weekly" => "0 0 * * 0",
        "@daily" or "@midnight" => "0 0 * * *",
        "@hourly" => "0 * * * *",
        _ => text,
    };

    private static ScheduleSpecException Malformed(string cronString) =>
        ScheduleSpecException.Invalid($"malformed cron string \"{cronString}\"");
}
