using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Update.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// Rebuilds a run's state from its history, event by event: what is pending (workflow task,
/// activities, timers, children, external requests, updates), its status, memo and search
/// attributes. This is how state is obtained wherever a run is loaded: a restart from the store
/// (then <see cref="Restore"/> adds what history does not hold) and a reset (from a prefix).
/// </summary>
internal static class ExecutionReplay
{
    /// <summary>The state of a run whose history is <paramref name="events"/> (a whole history or a prefix of one).</summary>
    /// <remarks>
    /// <paramref name="buffered"/> are events that arrived while a workflow task was running: not yet
    /// in the history, but already in effect (a completed activity is no longer pending).
    /// </remarks>
    public static ExecutionState Rebuild(string ns, string runId, IReadOnlyList<HistoryEvent> events, IReadOnlyList<HistoryEvent>? buffered = null)
    {
        var ex = new ExecutionState { Namespace = ns, RunId = runId };
        foreach (var e in events)
        {
            ex.History.Add(e);
            Apply(ex, e);
        }
        foreach (var e in buffered ?? [])
        {
            Apply(ex, e);
        }
        ex.Buffered = buffered?.ToList() ?? [];
        return ex;
    }

    /// <summary>
    /// A run read back from the store: its history replayed, then the runtime state history does not
    /// record (attempts and heartbeats of running activities, workflow-task backoff, admitted updates,
    /// request ids) taken from the stored document.
    /// </summary>
    public static ExecutionState Restore(ExecutionState stored)
    {
        var ex = Rebuild(stored.Namespace, stored.RunId, stored.History, stored.Buffered);
        ex.PersistedEventCount = stored.PersistedEventCount;
        ex.StartRequestId = stored.StartRequestId;
        // A reset run starts when it was reset, not when the event it copied was written.
        ex.StartTime = stored.StartTime;
        ex.SignalRequestIds = stored.SignalRequestIds;
        ex.ResetRunId = stored.ResetRunId;
        ex.LastResetTime = stored.LastResetTime;
        ex.OriginalStartTime = stored.OriginalStartTime;
        if (ex.Parent is not null && stored.Parent is not null)
        {
            ex.Parent.ClosePolicy = stored.Parent.ClosePolicy;
        }
        if (ex.WorkflowTask is { } wt && stored.WorkflowTask is { } storedTask && storedTask.ScheduledEventId == wt.ScheduledEventId)
        {
            wt.DeliveredUpdateIds = storedTask.DeliveredUpdateIds;
        }
        if (ex.IsRunning && ex.WorkflowTask is null)
        {
            ex.FirstWorkflowTaskNotBefore = stored.FirstWorkflowTaskNotBefore ?? ex.FirstWorkflowTaskNotBefore;
            ex.NextWorkflowTaskAttempt = stored.NextWorkflowTaskAttempt;
            if (ex.FirstWorkflowTaskNotBefore is null && ex.History[^1].EventType is EventType.WorkflowTaskFailed or EventType.WorkflowTaskTimedOut)
            {
                // The retry of a failed task was due but not yet scheduled: schedule it now.
                ex.FirstWorkflowTaskNotBefore = ex.History[^1].EventTime.ToDateTime();
            }
        }
        foreach (var activity in ex.Activities.Values)
        {
            if (stored.Activities.TryGetValue(activity.ScheduledEventId, out var runtime))
            {
                activity.State = runtime.State;
                activity.Attempt = runtime.Attempt;
                activity.CurrentAttemptScheduledTime = runtime.CurrentAttemptScheduledTime;
                activity.StartedTime = runtime.StartedTime;
                activity.LastHeartbeatTime = runtime.LastHeartbeatTime;
                activity.RetryAt = runtime.RetryAt;
                activity.StartedIdentity = runtime.StartedIdentity;
                activity.StartedRequestId = runtime.StartedRequestId;
                activity.HeartbeatDetails = runtime.HeartbeatDetails;
                activity.LastFailure = runtime.LastFailure;
                activity.LastWorkerIdentity = runtime.LastWorkerIdentity;
                activity.Paused = runtime.Paused;
                activity.PausedTime = runtime.PausedTime;
                activity.PausedBy = runtime.PausedBy;
                activity.PauseReason = runtime.PauseReason;
                activity.ResetRequested = runtime.ResetRequested;
            }
        }
        foreach (var update in stored.Updates.Values.Where(u => u.Stage == UpdateWorkflowExecutionLifecycleStage.Admitted))
        {
            ex.Updates.TryAdd(update.UpdateId, update);
        }
        return ex;
    }

    /// <summary>What a run has pending and its status, as one comparable line (how a rebuilt state is checked against the live one).</summary>
    public static string PendingSummary(ExecutionState ex) => string.Join(" | ",
        $"status {ex.Status}",
        $"workflow task {ex.WorkflowTask?.ScheduledEventId}/{ex.WorkflowTask?.StartedEventId}",
        $"last completed {ex.LastCompletedStartedEventId}",
        $"activities {string.Join(",", ex.Activities.Keys.Order())}",
        $"timers {string.Join(",", ex.Timers.Keys.Order())}",
        $"children {string.Join(",", ex.Children.Keys.Order())}",
        $"cancel requested {ex.CancelRequested}",
        $"memo {string.Join(",", ex.Memo?.Fields.Keys.Order() ?? Enumerable.Empty<string>())}",
        $"search attributes {string.Join(",", ex.SearchAttributes?.IndexedFields.Keys.Order() ?? Enumerable.Empty<string>())}");

    /// <summary>Applies one event to the state it follows.</summary>
    public static void Apply(ExecutionState ex, HistoryEvent e)
    {
        var time = e.EventTime?.ToDateTime() ?? DateTime.UnixEpoch;
        switch (e.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionStartedEventAttributes:
                ApplyStarted(ex, e.WorkflowExecutionStartedEventAttributes, time);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowTaskScheduledEventAttributes:
                ex.FirstWorkflowTaskNotBefore = null;
                ex.WorkflowTask = new WorkflowTaskInfo
                {
                    ScheduledEventId = e.EventId,
                    Attempt = Math.Max(1, e.WorkflowTaskScheduledEventAttributes.Attempt),
                    TaskQueue = ex.TaskQueue,
                    ScheduledTime = time,
                };
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowTaskStartedEventAttributes when ex.WorkflowTask is { } wt:
                wt.StartedEventId = e.EventId;
                wt.StartedTime = time;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowTaskCompletedEventAttributes:
                ex.WorkflowTask = null;
                ex.LastCompletedStartedEventId = e.WorkflowTaskCompletedEventAttributes.StartedEventId;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowTaskFailedEventAttributes:
            case HistoryEvent.AttributesOneofCase.WorkflowTaskTimedOutEventAttributes:
                ex.WorkflowTask = null;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskScheduledEventAttributes:
                ApplyActivityScheduled(ex, e.EventId, e.ActivityTaskScheduledEventAttributes, time);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCancelRequestedEventAttributes
                when ex.Activities.TryGetValue(e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId, out var canceling):
                canceling.CancelRequested = true;
                canceling.CancelRequestedEventId = e.EventId;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes:
                ex.Activities.Remove(e.ActivityTaskCompletedEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes:
                ex.Activities.Remove(e.ActivityTaskFailedEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes:
                ex.Activities.Remove(e.ActivityTaskTimedOutEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes:
                ex.Activities.Remove(e.ActivityTaskCanceledEventAttributes.ScheduledEventId);
                break;
            case HistoryEvent.AttributesOneofCase.TimerStartedEventAttributes:
                ex.Timers[e.EventId] = new TimerInfo
                {
                    StartedEventId = e.EventId,
                    TimerId = e.TimerStartedEventAttributes.TimerId,
                    FireTime = time + (e.TimerStartedEventAttributes.StartToFireTimeout?.ToTimeSpan() ?? TimeSpan.Zero),
                };
                break;
            case HistoryEvent.AttributesOneofCase.TimerFiredEventAttributes:
                ex.Timers.Remove(e.TimerFiredEventAttributes.StartedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.TimerCanceledEventAttributes:
                ex.Timers.Remove(e.TimerCanceledEventAttributes.StartedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionInitiatedEventAttributes:
            {
                var a = e.StartChildWorkflowExecutionInitiatedEventAttributes;
                ex.Children[e.EventId] = new ChildInfo
                {
                    InitiatedEventId = e.EventId,
                    Namespace = a.Namespace,
                    WorkflowId = a.WorkflowId,
                    WorkflowType = a.WorkflowType?.Name ?? string.Empty,
                    ClosePolicy = a.ParentClosePolicy == ParentClosePolicy.Unspecified ? ParentClosePolicy.Terminate : a.ParentClosePolicy,
                };
                break;
            }
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionStartedEventAttributes
                when ex.Children.TryGetValue(e.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId, out var child):
                child.StartedEventId = e.EventId;
                child.RunId = e.ChildWorkflowExecutionStartedEventAttributes.WorkflowExecution?.RunId ?? string.Empty;
                break;
            case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionFailedEventAttributes:
                ex.Children.Remove(e.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes:
                ex.Children.Remove(e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes:
                ex.Children.Remove(e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes:
                ex.Children.Remove(e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes:
                ex.Children.Remove(e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes:
                ex.Children.Remove(e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.SignalExternalWorkflowExecutionInitiatedEventAttributes:
            case HistoryEvent.AttributesOneofCase.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes:
                ex.ExternalRequests[e.EventId] = new ExternalRequestInfo { InitiatedEventId = e.EventId };
                break;
            case HistoryEvent.AttributesOneofCase.ExternalWorkflowExecutionSignaledEventAttributes:
                ex.ExternalRequests.Remove(e.ExternalWorkflowExecutionSignaledEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.SignalExternalWorkflowExecutionFailedEventAttributes:
                ex.ExternalRequests.Remove(e.SignalExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ExternalWorkflowExecutionCancelRequestedEventAttributes:
                ex.ExternalRequests.Remove(e.ExternalWorkflowExecutionCancelRequestedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.RequestCancelExternalWorkflowExecutionFailedEventAttributes:
                ex.ExternalRequests.Remove(e.RequestCancelExternalWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCancelRequestedEventAttributes:
                ex.CancelRequested = true;
                break;
            case HistoryEvent.AttributesOneofCase.UpsertWorkflowSearchAttributesEventAttributes:
                ex.SearchAttributes ??= new SearchAttributes();
                UpsertFields(ex.SearchAttributes.IndexedFields, e.UpsertWorkflowSearchAttributesEventAttributes.SearchAttributes?.IndexedFields);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowPropertiesModifiedEventAttributes:
                ex.Memo ??= new Memo();
                UpsertFields(ex.Memo.Fields, e.WorkflowPropertiesModifiedEventAttributes.UpsertedMemo?.Fields);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAcceptedEventAttributes:
            {
                var a = e.WorkflowExecutionUpdateAcceptedEventAttributes;
                ex.Updates[a.ProtocolInstanceId] = new UpdateInfo
                {
                    UpdateId = a.ProtocolInstanceId,
                    Request = a.AcceptedRequest,
                    RequestMessageId = a.AcceptedRequestMessageId,
                    Stage = UpdateWorkflowExecutionLifecycleStage.Accepted,
                    AcceptedEventId = e.EventId,
                };
                break;
            }
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateCompletedEventAttributes
                when ex.Updates.TryGetValue(e.WorkflowExecutionUpdateCompletedEventAttributes.Meta?.UpdateId ?? string.Empty, out var update):
                update.Stage = UpdateWorkflowExecutionLifecycleStage.Completed;
                update.Outcome = e.WorkflowExecutionUpdateCompletedEventAttributes.Outcome;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes:
                Close(ex, WorkflowExecutionStatus.Completed, time, e.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes:
                Close(ex, WorkflowExecutionStatus.Failed, time, e.WorkflowExecutionFailedEventAttributes.NewExecutionRunId);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes:
                Close(ex, WorkflowExecutionStatus.TimedOut, time, e.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes:
                Close(ex, WorkflowExecutionStatus.Canceled, time, null);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes:
                Close(ex, WorkflowExecutionStatus.Terminated, time, null);
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes:
                Close(ex, WorkflowExecutionStatus.ContinuedAsNew, time, e.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId);
                break;
        }
    }

    /// <summary>A null (or empty) value unsets a memo field or search attribute.</summary>
    public static bool IsNullPayload(Payload value) =>
        value.Data.IsEmpty
        || (value.Metadata.TryGetValue("encoding", out var encoding) && encoding.ToStringUtf8() == "binary/null")
        || value.Data.ToStringUtf8() == "null";

    public static void UpsertFields(IDictionary<string, Payload> target, IEnumerable<KeyValuePair<string, Payload>>? changes)
    {
        foreach (var (key, value) in changes ?? [])
        {
            if (IsNullPayload(value))
            {
                target.Remove(key);
            }
            else
            {
                target[key] = value;
            }
        }
    }

    private static void ApplyStarted(ExecutionState ex, WorkflowExecutionStartedEventAttributes a, DateTime time)
    {
        ex.WorkflowId = a.WorkflowId;
        ex.FirstRunId = string.IsNullOrEmpty(a.FirstExecutionRunId) ? ex.RunId : a.FirstExecutionRunId;
        ex.WorkflowType = a.WorkflowType?.Name ?? string.Empty;
        ex.TaskQueue = a.TaskQueue?.Name ?? string.Empty;
        ex.StartTime = time;
        var backoff = a.FirstWorkflowTaskBackoff?.ToTimeSpan() ?? TimeSpan.Zero;
        ex.ExecutionTime = time + backoff;
        ex.FirstWorkflowTaskNotBefore = backoff > TimeSpan.Zero ? ex.ExecutionTime : null;
        ex.Memo = a.Memo?.Clone();
        ex.SearchAttributes = a.SearchAttributes?.Clone();
        ex.WorkflowTaskTimeout = a.WorkflowTaskTimeout is { } wt && wt.ToTimeSpan() > TimeSpan.Zero ? wt.ToTimeSpan() : TimeSpan.FromSeconds(10);
        ex.ExecutionExpiration = a.WorkflowExecutionExpirationTime?.ToDateTime();
        ex.RunExpiration = a.WorkflowRunTimeout is { } rt && rt.ToTimeSpan() > TimeSpan.Zero ? time + rt.ToTimeSpan() : null;
        if (ex.ExecutionExpiration is { } limit && (ex.RunExpiration is null || ex.RunExpiration > limit))
        {
            ex.RunExpiration = limit;
        }
        if (a.ParentWorkflowExecution is { } parent && !string.IsNullOrEmpty(parent.WorkflowId))
        {
            ex.Parent = new ParentInfo
            {
                Namespace = a.ParentWorkflowNamespace,
                WorkflowId = parent.WorkflowId,
                RunId = parent.RunId,
                InitiatedEventId = a.ParentInitiatedEventId,
            };
        }
    }

    private static void ApplyActivityScheduled(ExecutionState ex, long eventId, ActivityTaskScheduledEventAttributes a, DateTime time) =>
        ex.Activities[eventId] = new ActivityInfo
        {
            ScheduledEventId = eventId,
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType?.Name ?? string.Empty,
            TaskQueue = a.TaskQueue?.Name ?? ex.TaskQueue,
            State = ActivityRunState.Scheduled,
            ScheduledTime = time,
            CurrentAttemptScheduledTime = time,
            ScheduleToCloseTimeout = Positive(a.ScheduleToCloseTimeout),
            ScheduleToStartTimeout = Positive(a.ScheduleToStartTimeout),
            StartToCloseTimeout = Positive(a.StartToCloseTimeout),
            HeartbeatTimeout = Positive(a.HeartbeatTimeout),
            RetryPolicy = a.RetryPolicy,
        };

    private static TimeSpan? Positive(Google.Protobuf.WellKnownTypes.Duration? duration) =>
        duration is not null && duration.ToTimeSpan() > TimeSpan.Zero ? duration.ToTimeSpan() : null;

    private static void Close(ExecutionState ex, WorkflowExecutionStatus status, DateTime time, string? newExecutionRunId)
    {
        ex.Status = status;
        ex.CloseTime = time;
        ex.NewExecutionRunId = string.IsNullOrEmpty(newExecutionRunId) ? null : newExecutionRunId;
        ex.WorkflowTask = null;
        ex.FirstWorkflowTaskNotBefore = null;
        ex.Activities.Clear();
        ex.Timers.Clear();
    }
}
