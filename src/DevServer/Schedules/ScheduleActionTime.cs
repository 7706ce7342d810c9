namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// One time a schedule acts. <paramref name="Nominal"/> is the matching spec time (used for the
/// workflow id suffix and TemporalScheduledStartTime); <paramref name="Actual"/> adds the jitter and is
/// when the action is due. Both UTC.
/// </summary>
public sealed record ScheduleActionTime(DateTime Nominal, DateTime Actual);
