namespace CoderBootstrap.DevServer.Schedules;

/// <summary>The outcome of processing a schedule's elapsed time range.</summary>
/// <param name="TakenActions">Due actions within the catch-up window, oldest first: buffer them for starting.</param>
/// <param name="MissedActionCount">Due actions older than the window (ScheduleInfo.missed_catchup_window). Exact up to
/// 10,000; beyond that the rest of the stale range is skipped without counting, so it is a lower bound.</param>
/// <param name="ResumeAfter">Where the next evaluation continues (exclusive): the last action evaluated, so a
/// nominal time whose jittered time is still in the future is not lost.</param>
/// <param name="NextActionTime">The first action time after now (when to wake up), or null if the spec has no more.</param>
public sealed record ScheduleCatchupResult(
    IReadOnlyList<ScheduleActionTime> TakenActions,
    long MissedActionCount,
    DateTime ResumeAfter,
    ScheduleActionTime? NextActionTime);
