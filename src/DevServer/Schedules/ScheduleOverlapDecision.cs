namespace CoderBootstrap.DevServer.Schedules;

/// <summary>What happens to one new action, given the overlap policy and what is running or waiting.</summary>
public enum ScheduleOverlapDecision
{
    /// <summary>Start it now (nothing is in the way, or it replaces a start that had not begun yet).</summary>
    StartNow,

    /// <summary>Drop it (counted as overlap-skipped).</summary>
    Skip,

    /// <summary>Keep it waiting; it starts when the running run closes.</summary>
    Buffer,

    /// <summary>Request cancellation of the running run, then start it once that run has closed.</summary>
    CancelRunningThenStart,

    /// <summary>Terminate the running run, then start it.</summary>
    TerminateRunningThenStart,

    /// <summary>Start it now alongside the running run (AllowAll).</summary>
    StartConcurrently,
}
