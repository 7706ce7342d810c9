using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// Operator actions on a run's pending activities: pause (no new attempt is dispatched; a running
/// attempt is told through its heartbeat), unpause (dispatched at once) and reset (attempts count
/// from 1 again, the backoff is skipped).
/// </summary>
public sealed partial class ServerEngine
{
    public void PauseActivity(PauseActivityRequest request) => Mutate(() =>
    {
        var ex = RequireRunningRun(request.Namespace, request.Execution);
        var selected = SelectActivities(ex, request.ActivityCase == PauseActivityRequest.ActivityOneofCase.Id ? request.Id : null,
            request.ActivityCase == PauseActivityRequest.ActivityOneofCase.Type ? request.Type : null, all: false);
        foreach (var activity in selected.Where(a => !a.Paused))
        {
            activity.Paused = true;
            activity.PausedTime = Now;
            activity.PausedBy = request.Identity;
            activity.PauseReason = request.Reason;
            if (activity.State == ActivityRunState.Scheduled)
            {
                WithdrawActivityTask(ex, activity);
            }
        }
        MarkDirty(ex);
    });

    public void UnpauseActivity(UnpauseActivityRequest request) => Mutate(() =>
    {
        var ex = RequireRunningRun(request.Namespace, request.Execution);
        var selected = SelectActivities(ex, request.ActivityCase == UnpauseActivityRequest.ActivityOneofCase.Id ? request.Id : null,
            request.ActivityCase == UnpauseActivityRequest.ActivityOneofCase.Type ? request.Type : null, all: request.UnpauseAll);
        foreach (var activity in selected.Where(a => a.Paused))
        {
            activity.Paused = false;
            activity.PausedTime = null;
            activity.PausedBy = null;
            activity.PauseReason = null;
            if (request.ResetHeartbeat)
            {
                activity.HeartbeatDetails = null;
            }
            if (request.ResetAttempts && activity.State != ActivityRunState.Started)
            {
                activity.Attempt = 1;
            }
            RedispatchNow(ex, activity);
        }
        MarkDirty(ex);
    });

    public void ResetActivity(ResetActivityRequest request) => Mutate(() =>
    {
        var ex = RequireRunningRun(request.Namespace, request.Execution);
        var selected = SelectActivities(ex, request.ActivityCase == ResetActivityRequest.ActivityOneofCase.Id ? request.Id : null,
            request.ActivityCase == ResetActivityRequest.ActivityOneofCase.Type ? request.Type : null, all: request.MatchAll);
        foreach (var activity in selected)
        {
            if (request.ResetHeartbeat)
            {
                activity.HeartbeatDetails = null;
            }
            if (!request.KeepPaused)
            {
                activity.Paused = false;
            }
            if (activity.State == ActivityRunState.Started)
            {
                // The running attempt keeps its token; the attempt after it counts from 1.
                activity.ResetRequested = true;
                continue;
            }
            activity.Attempt = 1;
            RedispatchNow(ex, activity);
        }
        MarkDirty(ex);
    });

    private ExecutionState RequireRunningRun(string ns, Temporalio.Api.Common.V1.WorkflowExecution? execution)
    {
        var ex = RequireRun(ns, execution?.WorkflowId ?? string.Empty, execution?.RunId);
        return ex.IsRunning ? ex : throw ServerErrors.WorkflowCompleted();
    }

    private static List<ActivityInfo> SelectActivities(ExecutionState ex, string? id, string? type, bool all)
    {
        var selected = ex.Activities.Values
            .Where(a => all || (id is not null && a.ActivityId == id) || (type is not null && a.ActivityType == type))
            .OrderBy(a => a.ScheduledEventId).ToList();
        if (selected.Count == 0 && !all)
        {
            throw ServerErrors.NotFound(id is not null ? $"Activity {id} is not pending in this workflow execution." : $"No pending activity of type {type}.");
        }
        return selected;
    }

    private void WithdrawActivityTask(ExecutionState ex, ActivityInfo activity)
    {
        var scheduledEventId = activity.ScheduledEventId;
        _matching.RemoveAll(t => t.Execution == ex.Key && t.ScheduledEventId == scheduledEventId && t.QueryId is null);
    }

    /// <summary>An activity not running and not paused goes to its queue now, with its current attempt number.</summary>
    private void RedispatchNow(ExecutionState ex, ActivityInfo activity)
    {
        if (activity.Paused || activity.State == ActivityRunState.Started)
        {
            return;
        }
        WithdrawActivityTask(ex, activity);
        activity.CurrentAttemptScheduledTime = Now;
        DispatchActivity(ex, activity);
    }
}
