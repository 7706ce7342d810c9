using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// A structured calendar compiled to per-field bit sets and interpreted in one time zone. Clock
/// times are matched literally: a wall-clock time skipped by a DST jump never fires, and one that
/// occurs twice when clocks fall back fires at both instants.
/// </summary>
internal sealed class CompiledCalendar
{
    // Transitions closer than this to the searched instant take the exhaustive path that handles
    // repeated and skipped wall-clock times.
    private static readonly TimeSpan TransitionProbe = TimeSpan.FromHours(3);
    private static readonly TimeSpan TransitionScan = TimeSpan.FromHours(4);

    private readonly ulong seconds;
    private readonly ulong minutes;
    private readonly ulong hours;
    private readonly ulong daysOfMonth;
    private readonly ulong months;
    private readonly ulong daysOfWeek;
    private readonly bool[]? years;
    private readonly TimeZoneInfo timeZone;

    public CompiledCalendar(StructuredCalendarSpec calendar, TimeZoneInfo timeZone)
    {
        this.timeZone = timeZone;
        seconds = ToBits(calendar.Second, CalendarFieldKind.Second);
        minutes = ToBits(calendar.Minute, CalendarFieldKind.Minute);
        hours = ToBits(calendar.Hour, CalendarFieldKind.Hour);
        daysOfMonth = ToBits(calendar.DayOfMonth, CalendarFieldKind.DayOfMonth);
        months = ToBits(calendar.Month, CalendarFieldKind.Month);
        var weekBits = ToBits(calendar.DayOfWeek, CalendarFieldKind.DayOfWeek);
        daysOfWeek = (weekBits | (weekBits >> 7)) & 0x7F;
        if (calendar.Year.Count > 0)
        {
            years = new bool[CalendarFieldLimits.MaxYear + 1];
            foreach (var value in Expand(calendar.Year, CalendarFieldKind.Year))
            {
                years[value] = true;
            }
        }
    }

    /// <summary>Whether the instant's wall-clock time (to the second) matches every field.</summary>
    public bool Matches(DateTime instantUtc)
    {
        var wall = TimeZoneInfo.ConvertTimeFromUtc(instantUtc, timeZone);
        return MatchesDate(wall.Year, wall.Month, wall.Day) && Has(hours, wall.Hour) && Has(minutes, wall.Minute) && Has(seconds, wall.Second);
    }

    /// <summary>The earliest matching instant strictly after <paramref name="afterUtc"/>, or null if none before the year 2101.</summary>
    public DateTime? Next(DateTime afterUtc)
    {
        var wallAfter = TimeZoneInfo.ConvertTimeFromUtc(afterUtc, timeZone);
        var nearTransition = timeZone.GetUtcOffset(SafeAdd(afterUtc, -TransitionProbe)) != timeZone.GetUtcOffset(afterUtc)
            || timeZone.GetUtcOffset(SafeAdd(afterUtc, TransitionProbe)) != timeZone.GetUtcOffset(afterUtc);

        var wallFloor = TruncateToSecond(wallAfter);
        var searchFrom = nearTransition ? wallFloor - TransitionScan : wallFloor.AddSeconds(1);
        var stopScanningAt = wallFloor + TransitionScan;
        DateTime? best = null;
        for (var candidate = NextWallClockMatch(searchFrom); candidate is DateTime wall; candidate = NextWallClockMatch(wall.AddSeconds(1)))
        {
            foreach (var instant in InstantsOf(wall))
            {
                if (instant > afterUtc)
                {
                    if (best is null || instant < best)
                    {
                        best = instant;
                    }

                    break;
                }
            }

            if (best is not null && (!nearTransition || wall >= stopScanningAt))
            {
                return best;
            }
        }

        return best;
    }

    /// <summary>The first wall-clock time at or after <paramref name="from"/> whose fields all match.</summary>
    private DateTime? NextWallClockMatch(DateTime from)
    {
        int year = from.Year, month = from.Month, day = from.Day, hour = from.Hour, minute = from.Minute, second = from.Second;
        while (true)
        {
            if (second > 59)
            {
                second = 0;
                minute++;
            }

            if (minute > 59)
            {
                minute = 0;
                hour++;
            }

            if (hour > 23)
            {
                hour = 0;
                day++;
            }

            if (month > 12)
            {
                month = 1;
                year++;
            }

            if (year > CalendarFieldLimits.MaxYear)
            {
                return null;
            }

            if (day > DateTime.DaysInMonth(year, month))
            {
                day = 1;
                month++;
                continue;
            }

            if (years is not null && !years[year])
            {
                (year, month, day, hour, minute, second) = (year + 1, 1, 1, 0, 0, 0);
                continue;
            }

            if (!Has(months, month))
            {
                (month, day, hour, minute, second) = (month + 1, 1, 0, 0, 0);
                continue;
            }

            if (!MatchesDate(year, month, day))
            {
                (day, hour, minute, second) = (day + 1, 0, 0, 0);
                continue;
            }

            if (!Has(hours, hour))
            {
                (hour, minute, second) = (hour + 1, 0, 0);
                continue;
            }

            if (!Has(minutes, minute))
            {
                (minute, second) = (minute + 1, 0);
                continue;
            }

            if (!Has(seconds, second))
            {
                second++;
                continue;
            }

            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        }
    }

    private bool MatchesDate(int year, int month, int day) =>
        (years is null || (year <= CalendarFieldLimits.MaxYear && years[year]))
        && Has(months, month)
        && Has(daysOfMonth, day)
        && Has(daysOfWeek, (int)new DateTime(year, month, day).DayOfWeek);

    /// <summary>The UTC instants showing this wall-clock time, ascending: none, one, or two around a fall-back.</summary>
    private IEnumerable<DateTime> InstantsOf(DateTime wall)
    {
        if (timeZone.IsInvalidTime(wall))
        {
            yield break;
        }

        if (timeZone.IsAmbiguousTime(wall))
        {
            foreach (var offset in timeZone.GetAmbiguousTimeOffsets(wall).OrderByDescending(offset => offset))
            {
                yield return DateTime.SpecifyKind(wall - offset, DateTimeKind.Utc);
            }

            yield break;
        }

        yield return DateTime.SpecifyKind(wall - timeZone.GetUtcOffset(wall), DateTimeKind.Utc);
    }

    private static bool Has(ulong bits, int value) => value is >= 0 and < 64 && (bits & (1UL << value)) != 0;

    private static ulong ToBits(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, CalendarFieldKind field)
    {
        ulong bits = 0;
        foreach (var value in Expand(ranges, field))
        {
            bits |= 1UL << value;
        }

        return bits;
    }

    private static IEnumerable<int> Expand(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, CalendarFieldKind field)
    {
        var (_, max) = CalendarFieldLimits.For(field);
        foreach (var range in ranges)
        {
            var end = Math.Min(range.End < range.Start ? range.Start : range.End, max);
            var step = range.Step <= 0 ? 1 : range.Step;
            for (var value = range.Start; value <= end; value += step)
            {
                yield return value;
            }
        }
    }

    private static DateTime TruncateToSecond(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Kind);

    private static DateTime SafeAdd(DateTime value, TimeSpan delta)
    {
        var ticks = value.Ticks + delta.Ticks;
        return ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks ? value : new DateTime(ticks, value.Kind);
    }
}
