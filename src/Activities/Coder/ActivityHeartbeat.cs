using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>Heartbeats and cancellation of the running activity, and nothing outside one (direct calls in tests).</summary>
internal static class ActivityHeartbeat
{
    public static CancellationToken CancellationToken =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;

    public static void Beat(string detail)
    {
        if (ActivityExecutionContext.HasCurrent)
        {
            ActivityExecutionContext.Current.Heartbeat(detail);
        }
    }
}
