namespace CoderBootstrap.DevServer.Schedules;

/// <summary>What to do with a schedule's buffered starts right now.</summary>
/// <param name="StartConcurrently">AllowAll starts: start them all now, alongside anything running (not tracked as the running run).</param>
/// <param name="StartNow">The one non-overlapping start to launch now, or null.</param>
/// <param name="RemainingBuffer">Starts that keep waiting for the running run to close, in order.</param>
/// <param name="CancelRunning">Request cancellation of the running run (CancelOther); the waiting start follows once it closes.</param>
/// <param name="TerminateRunning">Terminate the running run (TerminateOther; wins over cancel); the waiting start follows once it closes.</param>
/// <param name="SkippedCount">Starts dropped by Skip or BufferOne, for ScheduleInfo.overlap_skipped.</param>
public sealed record ScheduleBufferResolution(
    IReadOnlyList<BufferedScheduleStart> StartConcurrently,
    BufferedScheduleStart? StartNow,
    IReadOnlyList<BufferedScheduleStart> RemainingBuffer,
    bool CancelRunning,
    bool TerminateRunning,
    int SkippedCount);
