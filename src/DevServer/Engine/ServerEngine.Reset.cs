using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// ResetWorkflowExecution: a new run of the same workflow id whose history is the base run's up to a
/// workflow task, rebuilt into state by <see cref="ExecutionReplay"/>, then a WorkflowTaskFailed
/// (RESET_WORKFLOW) and the signals and updates that came after that point. The worker replays the
/// copied history, so what had completed before the point (activities included) is not run again.
/// </summary>
public sealed partial class ServerEngine
{
    public string Reset(ResetWorkflowExecutionRequest request) => Mutate(() =>
    {
        var baseRun = RequireRun(request.Namespace, request.WorkflowExecution?.WorkflowId ?? string.Empty, request.WorkflowExecution?.RunId);
        var prefixLength = ResetPrefixLength(baseRun, request.WorkflowTaskFinishEventId);
        if (_currentRuns.TryGetValue((baseRun.Namespace, baseRun.WorkflowId), out var current) && current.IsRunning)
        {
            // Only one run of a workflow id runs at a time: the reset run replaces the running one.
            TerminateLocked(current, string.IsNullOrEmpty(request.Reason) ? "reset" : request.Reason, request.Identity);
        }
        var now = Now;
        var newRunId = Guid.NewGuid().ToString();
        var run = ExecutionReplay.Rebuild(baseRun.Namespace, newRunId, baseRun.History.Take(prefixLength).Select(e => e.Clone()).ToList());
        run.StartRequestId = string.IsNullOrEmpty(request.RequestId) ? Guid.NewGuid().ToString() : request.RequestId;
        run.OriginalStartTime = baseRun.OriginalStartTime ?? baseRun.StartTime;
        run.LastResetTime = now;
        run.StartTime = now;
        _runs[(run.Namespace, run.RunId)] = run;
        _currentRuns[(run.Namespace, run.WorkflowId)] = run;

        var task = run.WorkflowTask!;
        var failed = NewEvent(EventType.WorkflowTaskFailed, now);
        failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
        {
            ScheduledEventId = task.ScheduledEventId,
            StartedEventId = task.StartedEventId,
            Cause = WorkflowTaskFailedCause.ResetWorkflow,
            Failure = new Temporalio.Api.Failure.V1.Failure
            {
                Message = string.IsNullOrEmpty(request.Reason) ? "reset" : request.Reason,
                ResetWorkflowFailureInfo = new Temporalio.Api.Failure.V1.ResetWorkflowFailureInfo(),
            },
            Identity = request.Identity,
            BaseRunId = baseRun.RunId,
            NewRunId = newRunId,
        };
        run.WorkflowTask = null;
        Append(run, failed);
        ReapplyAfterResetPoint(run, baseRun.History.Skip(prefixLength), request);

        baseRun.ResetRunId = newRunId;
        MarkDirty(baseRun);
        Rearm(run);
        ScheduleWorkflowTask(run);
        MarkDirty(run);
        return newRunId;
    });

    /// <summary>How many events of the base run the reset keeps: up to the WorkflowTaskStarted of the chosen task.</summary>
    private static int ResetPrefixLength(ExecutionState baseRun, long finishEventId)
    {
        if (finishEventId <= 0 || finishEventId > baseRun.History.Count)
        {
            throw ServerErrors.InvalidArgument("Invalid WorkflowTaskFinishEventId: it must be the id of an event of the run.");
        }
        var chosen = baseRun.History[(int)finishEventId - 1];
        var length = chosen.EventType switch
        {
            EventType.WorkflowTaskStarted => (int)finishEventId,
            EventType.WorkflowTaskCompleted or EventType.WorkflowTaskFailed or EventType.WorkflowTaskTimedOut => (int)finishEventId - 1,
            _ => throw ServerErrors.InvalidArgument(
                "Invalid WorkflowTaskFinishEventId: it must be a WorkflowTaskCompleted, WorkflowTaskFailed, WorkflowTaskTimedOut or WorkflowTaskStarted event."),
        };
        if (length < 1 || baseRun.History[length - 1].EventType != EventType.WorkflowTaskStarted)
        {
            throw ServerErrors.InvalidArgument("Invalid WorkflowTaskFinishEventId: no started workflow task precedes it.");
        }
        return length;
    }

    /// <summary>Signals and updates received after the reset point happen again in the new run, unless excluded.</summary>
    private void ReapplyAfterResetPoint(ExecutionState run, IEnumerable<HistoryEvent> afterPoint, ResetWorkflowExecutionRequest request)
    {
        var signals = request.ResetReapplyType != ResetReapplyType.None
            && !request.ResetReapplyExcludeTypes.Contains(ResetReapplyExcludeType.Signal);
        var updates = request.ResetReapplyType is ResetReapplyType.AllEligible or ResetReapplyType.Unspecified or ResetReapplyType.Signal
            && !request.ResetReapplyExcludeTypes.Contains(ResetReapplyExcludeType.Update);
        foreach (var e in afterPoint)
        {
            if (signals && e.EventType == EventType.WorkflowExecutionSignaled)
            {
                var signaled = NewEvent(EventType.WorkflowExecutionSignaled, Now);
                signaled.WorkflowExecutionSignaledEventAttributes = e.WorkflowExecutionSignaledEventAttributes.Clone();
                Append(run, signaled);
            }
            else if (updates && e.EventType == EventType.WorkflowExecutionUpdateAccepted
                && e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest is { } accepted)
            {
                var updateId = e.WorkflowExecutionUpdateAcceptedEventAttributes.ProtocolInstanceId;
                run.Updates[updateId] = new UpdateInfo { UpdateId = updateId, Request = accepted, RequestMessageId = $"{updateId}/request" };
            }
        }
    }
}
