using Google.Protobuf.Collections;
using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// A validated schedule spec ready for repeated time computations. Compile it once per
/// create/update (which is also where invalid specs are rejected) and reuse it.
/// </summary>
/// <remarks>
/// Semantics follow the Temporal server: action times are the union of every structured calendar,
/// calendar, cron string and interval, minus times matching any exclusion; calendars are read in
/// <c>timezone_name</c> (UTC by default) while intervals count whole seconds from the Unix epoch plus
/// the phase; <c>start_time</c> and <c>end_time</c> bound the times inclusively; jitter delays each
/// action by a deterministic amount below both <c>jitter</c> and the gap to the next nominal time.
/// </remarks>
public sealed class CompiledScheduleSpec
{
    // The server stops searching for a non-excluded time after a bounded amount of work; a spec
    // whose exclusions hide every time for this many candidates is treated as having no more times.
    private const int MaximumExcludedCandidates = 200_000;

    // Interval occurrences this close to DateTime.MaxValue (leaving room for the largest jitter,
    // about 49 days) cannot be represented and are treated as not existing.
    private static readonly long LatestRepresentableSecond = (long)(DateTime.MaxValue - DateTime.UnixEpoch).TotalSeconds - (long)TimeSpan.FromDays(60).TotalSeconds;

    private readonly IReadOnlyList<CompiledCalendar> calendars;
    private readonly IReadOnlyList<CompiledCalendar> exclusions;
    private readonly IReadOnlyList<(long IntervalSeconds, long PhaseSeconds)> intervals;
    private readonly DateTime? startTime;
    private readonly DateTime? endTime;
    private readonly TimeSpan maximumJitter;

    private CompiledScheduleSpec(ScheduleSpec canonicalSpec, TimeZoneInfo timeZone)
    {
        CanonicalSpec = canonicalSpec;
        TimeZone = timeZone;
        calendars = canonicalSpec.StructuredCalendar.Select(calendar => new CompiledCalendar(calendar, timeZone)).ToList();
        exclusions = canonicalSpec.ExcludeStructuredCalendar.Select(calendar => new CompiledCalendar(calendar, timeZone)).ToList();
        intervals = canonicalSpec.Interval
            .Select(interval => ((long)interval.Interval.ToTimeSpan().TotalSeconds, (long)(interval.Phase?.ToTimeSpan().TotalSeconds ?? 0)))
            .ToList();
        startTime = canonicalSpec.StartTime?.ToDateTime();
        endTime = canonicalSpec.EndTime?.ToDateTime();
        var jitter = canonicalSpec.Jitter?.ToTimeSpan() ?? TimeSpan.Zero;
        maximumJitter = jitter > TimeSpan.Zero ? jitter : TimeSpan.Zero;
    }

    /// <summary>
    /// The spec as a server describes it: calendars, exclude calendars and cron strings compiled to
    /// structured calendars (cron <c>@every</c> to intervals, a cron time zone to <c>timezone_name</c>).
    /// </summary>
    public ScheduleSpec CanonicalSpec { get; }

    /// <summary>The zone calendars are read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Validates and compiles a spec.</summary>
    /// <exception cref="ScheduleSpecException">The spec is invalid.</exception>
    public static CompiledScheduleSpec Compile(ScheduleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var canonical = spec.Clone();

        foreach (var calendar in canonical.Calendar)
        {
            canonical.StructuredCalendar.Add(CalendarTextParser.ToStructured(calendar));
        }

        canonical.Calendar.Clear();

        // exclude_calendar is deprecated in the API but older clients still send it; the server compiles it.
#pragma warning disable CS0612
        foreach (var calendar in canonical.ExcludeCalendar)
        {
            canonical.ExcludeStructuredCalendar.Add(CalendarTextParser.ToStructured(calendar));
        }

        canonical.ExcludeCalendar.Clear();
#pragma warning restore CS0612
        CompileCronStrings(canonical);

        foreach (var calendar in canonical.StructuredCalendar.Concat(canonical.ExcludeStructuredCalendar))
        {
            ValidateCalendar(calendar);
        }

        foreach (var interval in canonical.Interval)
        {
            ValidateInterval(interval);
        }

        if (!canonical.TimezoneData.IsEmpty)
        {
            throw ScheduleSpecException.Invalid("timezone_data is not supported by this server; set timezone_name instead");
        }

        return new CompiledScheduleSpec(canonical, ScheduleTimeZones.Resolve(canonical.TimezoneName));
    }

    /// <summary>
    /// The first action strictly after <paramref name="afterExclusiveUtc"/>, or null when the spec has
    /// no more times (nothing left before <c>end_time</c> or the year 2100).
    /// </summary>
    /// <param name="afterExclusiveUtc">Search start; unspecified kinds are read as UTC.</param>
    /// <param name="jitterSeed">Seeds the jitter (the schedule id), so each schedule gets its own stable offsets.</param>
    public ScheduleActionTime? GetNextActionTime(DateTime afterExclusiveUtc, string jitterSeed)
    {
        ArgumentNullException.ThrowIfNull(jitterSeed);
        var after = AsUtc(afterExclusiveUtc);
        if (startTime is DateTime start && after < start)
        {
            // Step back just before the start so a time exactly at start_time is included.
            after = start.AddTicks(-1);
        }

        DateTime nominal;
        var candidates = 0;
        while (true)
        {
            if (RawNext(after) is not DateTime candidate || (endTime is DateTime end && candidate > end))
            {
                return null;
            }

            if (!exclusions.Any(exclusion => exclusion.Matches(candidate)))
            {
                nominal = candidate;
                break;
            }

            if (++candidates >= MaximumExcludedCandidates)
            {
                return null;
            }

            after = candidate;
        }

        var jitterLimit = maximumJitter;
        if (jitterLimit > TimeSpan.Zero && RawNext(nominal) is DateTime following && following - nominal < jitterLimit)
        {
            jitterLimit = following - nominal;
        }

        return new ScheduleActionTime(nominal, nominal + ScheduleJitter.For(jitterSeed, nominal, jitterLimit));
    }

    internal static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private DateTime? RawNext(DateTime afterUtc)
    {
        DateTime? earliest = null;
        foreach (var calendar in calendars)
        {
            if (calendar.Next(afterUtc) is DateTime next && (earliest is null || next < earliest))
            {
                earliest = next;
            }
        }

        if (intervals.Count > 0)
        {
            var afterSeconds = FloorDivide((afterUtc - DateTime.UnixEpoch).Ticks, TimeSpan.TicksPerSecond);
            foreach (var (intervalSeconds, phaseSeconds) in intervals)
            {
                var nextSeconds = ((FloorDivide(afterSeconds - phaseSeconds, intervalSeconds) + 1) * intervalSeconds) + phaseSeconds;
                if (nextSeconds > LatestRepresentableSecond)
                {
                    continue;
                }

                var next = DateTime.UnixEpoch.AddSeconds(nextSeconds);
                if (earliest is null || next < earliest)
                {
                    earliest = next;
                }
            }
        }

        return earliest;
    }

    private static long FloorDivide(long dividend, long divisor)
    {
        var quotient = dividend / divisor;
        return (dividend % divisor != 0 && (dividend < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    private static void CompileCronStrings(ScheduleSpec canonical)
    {
        var sawCronString = false;
        string? cronTimeZone = null;
        foreach (var cronString in canonical.CronString)
        {
            var parsed = CronStringParser.Parse(cronString);
            var timeZoneName = parsed.TimeZoneName ?? string.Empty;
            if (sawCronString && timeZoneName != cronTimeZone)
            {
                throw ScheduleSpecException.Invalid("conflicting timezone names");
            }

            sawCronString = true;
            cronTimeZone = timeZoneName;
            if (parsed.Calendar is not null)
            {
                canonical.StructuredCalendar.Add(parsed.Calendar);
            }

            if (parsed.Interval is not null)
            {
                canonical.Interval.Add(parsed.Interval);
            }
        }

        canonical.CronString.Clear();
        if (!string.IsNullOrEmpty(cronTimeZone))
        {
            if ((canonical.TimezoneName.Length > 0 && canonical.TimezoneName != cronTimeZone) || !canonical.TimezoneData.IsEmpty)
            {
                throw ScheduleSpecException.Invalid("conflicting timezone names");
            }

            canonical.TimezoneName = cronTimeZone;
        }
    }

    private static void ValidateCalendar(StructuredCalendarSpec calendar)
    {
        var problems = new List<string>();
        Check(calendar.Second, CalendarFieldKind.Second);
        Check(calendar.Minute, CalendarFieldKind.Minute);
        Check(calendar.Hour, CalendarFieldKind.Hour);
        Check(calendar.DayOfMonth, CalendarFieldKind.DayOfMonth);
        Check(calendar.Month, CalendarFieldKind.Month);
        Check(calendar.Year, CalendarFieldKind.Year);
        Check(calendar.DayOfWeek, CalendarFieldKind.DayOfWeek);
        if (problems.Count > 0)
        {
            throw ScheduleSpecException.Invalid("invalid calendar spec: " + string.Join(", ", problems));
        }

        void Check(RepeatedField<Temporalio.Api.Schedule.V1.Range> ranges, CalendarFieldKind field)
        {
            var (min, max) = CalendarFieldLimits.For(field);
            foreach (var range in ranges)
            {
                if (range.Start < min || range.Start > max)
                {
                    problems.Add($"{field} Start is not in range [{min}-{max}]");
                }

                if (range.End != 0 && range.End > max)
                {
                    problems.Add($"{field} End is not in range [{min}-{max}]");
                }

                if (range.Step < 0)
                {
                    problems.Add($"{field} has invalid Step");
                }
            }
        }
    }

    private static void ValidateInterval(IntervalSpec interval)
    {
        var every = interval.Interval?.ToTimeSpan() ?? TimeSpan.Zero;
        var phase = interval.Phase?.ToTimeSpan() ?? TimeSpan.Zero;
        if (every < TimeSpan.FromSeconds(1))
        {
            throw ScheduleSpecException.Invalid("interval is too small");
        }

        if (phase < TimeSpan.Zero)
        {
            throw ScheduleSpecException.Invalid("phase is negative");
        }

        if (TimeSpan.FromSeconds(Math.Floor(phase.TotalSeconds)) >= TimeSpan.FromSeconds(Math.Floor(every.TotalSeconds)))
        {
            throw ScheduleSpecException.Invalid("phase cannot be greater than Interval");
        }
    }
}
