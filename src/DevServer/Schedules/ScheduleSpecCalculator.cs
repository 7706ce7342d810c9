using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// Next action times of a schedule spec, computed as the Temporal server does (see
/// <see cref="CompiledScheduleSpec"/> for the semantics). Overloads without a schedule id seed the
/// jitter with the empty string; pass the schedule id so each schedule gets its own stable jitter.
/// </summary>
public static class ScheduleSpecCalculator
{
    /// <summary>The first action time (jitter included) strictly after the given instant, or null if none.</summary>
    /// <exception cref="ScheduleSpecException">The spec is invalid.</exception>
    public static DateTime? GetNextTime(ScheduleSpec spec, DateTime afterExclusiveUtc) =>
        GetNextTime(spec, afterExclusiveUtc, string.Empty);

    /// <inheritdoc cref="GetNextTime(ScheduleSpec, DateTime)"/>
    public static DateTime? GetNextTime(ScheduleSpec spec, DateTime afterExclusiveUtc, string scheduleId) =>
        CompiledScheduleSpec.Compile(spec).GetNextActionTime(afterExclusiveUtc, scheduleId)?.Actual;

    /// <summary>Up to <paramref name="count"/> successive action times after the given instant.</summary>
    /// <exception cref="ScheduleSpecException">The spec is invalid.</exception>
    public static IReadOnlyList<DateTime> GetNextTimes(ScheduleSpec spec, DateTime afterExclusiveUtc, int count) =>
        GetNextTimes(spec, afterExclusiveUtc, count, string.Empty);

    /// <inheritdoc cref="GetNextTimes(ScheduleSpec, DateTime, int)"/>
    public static IReadOnlyList<DateTime> GetNextTimes(ScheduleSpec spec, DateTime afterExclusiveUtc, int count, string scheduleId) =>
        GetNextActionTimes(spec, afterExclusiveUtc, count, scheduleId).Select(time => time.Actual).ToList();

    /// <summary>Successive actions with both nominal and jittered times; each search continues after the previous jittered time.</summary>
    /// <exception cref="ScheduleSpecException">The spec is invalid.</exception>
    public static IReadOnlyList<ScheduleActionTime> GetNextActionTimes(ScheduleSpec spec, DateTime afterExclusiveUtc, int count, string scheduleId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var compiled = CompiledScheduleSpec.Compile(spec);
        var times = new List<ScheduleActionTime>(count);
        var after = afterExclusiveUtc;
        while (times.Count < count && compiled.GetNextActionTime(after, scheduleId) is ScheduleActionTime next)
        {
            times.Add(next);
            after = next.Actual;
        }

        return times;
    }

    /// <summary>
    /// Action times in (<paramref name="startExclusiveUtc"/>, <paramref name="endInclusiveUtc"/>], at most
    /// <paramref name="limit"/> of them: what ListScheduleMatchingTimes answers (the server caps it at 1000).
    /// </summary>
    /// <exception cref="ScheduleSpecException">The spec is invalid.</exception>
    public static IReadOnlyList<DateTime> GetTimesBetween(ScheduleSpec spec, DateTime startExclusiveUtc, DateTime endInclusiveUtc, string scheduleId, int limit = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var compiled = CompiledScheduleSpec.Compile(spec);
        var end = CompiledScheduleSpec.AsUtc(endInclusiveUtc);
        var times = new List<DateTime>();
        var after = startExclusiveUtc;
        while (times.Count < limit && compiled.GetNextActionTime(after, scheduleId) is ScheduleActionTime next && next.Actual <= end)
        {
            times.Add(next.Actual);
            after = next.Actual;
        }

        return times;
    }

    /// <summary>Validates a spec and returns its canonical (described) form.</summary>
    /// <exception cref="ScheduleSpecException">The spec is invalid.</exception>
    public static ScheduleSpec Canonicalize(ScheduleSpec spec) => CompiledScheduleSpec.Compile(spec).CanonicalSpec;
}
