using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// A structured calendar compiled to per-field bit sets and interpreted in one time zone. Clock
/// times are matched literally: a wall-clock time skipped by a DST jump never fires, and one that
/// occurs twice when clocks fall back fires at both instants.
/// </summary>
internal sealed class CompiledCalendar
{
    // How far around the searched instant offsets are sampled to notice a DST transition.
    private static readonly TimeSpan TransitionProbe = TimeSpan.FromHours(3);

    private readonly ulong seconds;
    private readonly ulong minutes;
    private readonly ulong hours;
    private readonly ulong daysOfMonth;
    private readonly ulong months;
    private readonly ulong daysOfWeek;
    private readonly bool[]? years;
    private readonly TimeZoneInfo timeZone;
    private readonly bool neverMatches;

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

        // Every field but the year needs at least one value, otherwise nothing can ever match.
        neverMatches = seconds == 0 || minutes == 0 || hours == 0 || daysOfMonth == 0 || months == 0 || daysOfWeek == 0
            || (years is not null && !years.Contains(true));
    }

    /// <summary>Whether the instant's wall-clock time (to the second) matches every field.</summary>
    public bool Matches(DateTime instantUtc)
    {
        if (neverMatches)
        {
            return false;
        }

        var wall = TimeZoneInfo.ConvertTimeFromUtc(instantUtc, timeZone);
        return MatchesDate(wall.Year, wall.Month, wall.Day) && Has(hours, wall.Hour) && Has(minutes, wall.Minute) && Has(seconds, wall.Second);
    }

    /// <summary>The earliest matching instant strictly after <paramref name="afterUtc"/>, or null if none before the year 2101.</summary>
    public DateTime? Next(DateTime afterUtc)
    {
        if (neverMatches || afterUtc.Year > CalendarFieldLimits.MaxYear)
        {
            return null;
        }

        var offsetBefore = timeZone.GetUtcOffset(SafeAdd(afterUtc, -TransitionProbe));
        var offsetAfter = timeZone.GetUtcOffset(SafeAdd(afterUtc, TransitionProbe));
        if (offsetBefore == offsetAfter)
        {
            return FirstInstantFrom(FirstWallAfter(afterUtc, offsetAfter), afterUtc);
        }

        // A transition at instant T is near. Instants before T show wall time instant+offsetBefore,
        // instants from T on show instant+offsetAfter; search both stretches and keep the earlier.
        var transition = FindTransition(SafeAdd(afterUtc, -TransitionProbe), offsetBefore, SafeAdd(afterUtc, TransitionProbe));
        DateTime? beforeTransition = null;
        if (afterUtc < transition
            && NextWallClockMatch(FirstWallAfter(afterUtc, offsetBefore)) is DateTime wall
            && wall.Ticks < (transition + offsetBefore).Ticks)
        {
            beforeTransition = DateTime.SpecifyKind(wall - offsetBefore, DateTimeKind.Utc);
        }

        var firstWallFromTransition = DateTime.SpecifyKind(transition + offsetAfter, DateTimeKind.Unspecified);
        var secondStretchStart = FirstWallAfter(afterUtc, offsetAfter);
        var fromTransition = FirstInstantFrom(secondStretchStart > firstWallFromTransition ? secondStretchStart : firstWallFromTransition, afterUtc);

        if (beforeTransition is null)
        {
            return fromTransition;
        }

        return fromTransition is DateTime later && later < beforeTransition ? later : beforeTransition;
    }

    /// <summary>
    /// The first instant later than <paramref name="afterUtc"/> among matching wall-clock times from
    /// <paramref name="wallStart"/> on, where no transition lies close to the start.
    /// </summary>
    private DateTime? FirstInstantFrom(DateTime wallStart, DateTime afterUtc)
    {
        for (var candidate = NextWallClockMatch(wallStart); candidate is DateTime wall; candidate = NextWallClockMatch(wall.AddSeconds(1)))
        {
            foreach (var instant in InstantsOf(wall))
            {
                if (instant > afterUtc)
                {
                    return instant;
                }
            }
        }

        return null;
    }

    /// <summary>The first whole-second wall-clock time whose instant at this offset is later than the given one.</summary>
    private static DateTime FirstWallAfter(DateTime afterUtc, TimeSpan offset) =>
        DateTime.SpecifyKind(TruncateToSecond(SafeAdd(afterUtc, offset)), DateTimeKind.Unspecified).AddSeconds(1);

    /// <summary>The first whole second from which the zone's offset differs from <paramref name="offsetBefore"/>.</summary>
    private DateTime FindTransition(DateTime fromUtc, TimeSpan offsetBefore, DateTime toUtc)
    {
        var low = TruncateToSecond(fromUtc);
        var high = TruncateToSecond(toUtc).AddSeconds(1);
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low.AddSeconds(Math.Floor((high - low).TotalSeconds / 2));
            if (timeZone.GetUtcOffset(middle) == offsetBefore)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return DateTime.SpecifyKind(high, DateTimeKind.Utc);
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
