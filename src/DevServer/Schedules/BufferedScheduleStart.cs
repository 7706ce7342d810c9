using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// An action waiting to be started: a due spec time, a trigger-immediately or a backfill.
/// <paramref name="OverlapPolicy"/> may be Unspecified, meaning "the schedule's policy at the time
/// the buffer is processed" (so policy updates affect waiting starts).
/// </summary>
/// <param name="Manual">True for trigger-immediately and backfills, which ignore pause and the catch-up window.</param>
public sealed record BufferedScheduleStart(DateTime NominalTime, DateTime ActualTime, ScheduleOverlapPolicy OverlapPolicy, bool Manual);
