using Temporalio.Activities;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// The running activity's cancellation, heartbeats and polls; outside an activity (direct calls in
/// tests) there is nothing to cancel or heartbeat.
/// </summary>
public static class ActivityRun
{
    public static CancellationToken CancellationToken =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;

    public static void Heartbeat(object detail)
    {
        if (ActivityExecutionContext.HasCurrent)
        {
            ActivityExecutionContext.Current.Heartbeat(detail);
        }
    }

    /// <summary>
    /// Polls until <paramref name="poll"/> reports done: each unfinished poll's progress is heartbeated, so a
    /// lost worker is noticed within the heartbeat timeout and the next attempt can resume from it.
    /// </summary>
    public static async Task<T> PollAsync<T>(TimeSpan interval, Func<CancellationToken, Task<Poll<T>>> poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var cancellationToken = CancellationToken;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await poll(cancellationToken).ConfigureAwait(false);
            if (outcome.Done)
            {
                return outcome.Value!;
            }
            // Heartbeat only before waiting again: the SDK sends heartbeats asynchronously, and one
            // queued just before the activity returns reaches the server after the task is gone
            // (logged by the worker as a failed heartbeat of an unknown activity).
            Heartbeat(outcome.Progress!);
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The progress heartbeated by a previous attempt of this activity, when it is about the same resource.</summary>
    public static async Task<T?> ResumeAsync<T>(Func<T, bool> isSameResource, Serilog.ILogger log)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!ActivityExecutionContext.HasCurrent || ActivityExecutionContext.Current.Info.HeartbeatDetails.Count == 0)
        {
            return null;
        }
        try
        {
            var progress = await ActivityExecutionContext.Current.Info.HeartbeatDetailAtAsync<T>(0).ConfigureAwait(false);
            return progress is not null && isSameResource(progress) ? progress : null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            // Details written by another version of the activity: start the wait afresh.
            log.Warning("Ignoring unreadable heartbeat details of a previous attempt: {Reason}", ex.Message);
            return null;
        }
    }
}

/// <summary>What one poll of <see cref="ActivityRun.PollAsync{T}"/> saw: the result once done, else the progress to heartbeat.</summary>
public readonly record struct Poll<T>(bool Done, T? Value, object? Progress)
{
    public static Poll<T> Finished(T value) => new(true, value, null);

    public static Poll<T> Pending(object progress) => new(false, default, progress);
}
