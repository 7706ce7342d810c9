using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    /// <summary>Side effects on other runs, run after all of a task's commands are written (command events stay contiguous).</summary>
    private readonly List<Action> _afterCommands = [];

    private void ApplyCommand(ExecutionState ex, Command command, long completedEventId, string identity)
    {
        var firstNewEvent = ex.History.Count;
        ApplyCommandEvents(ex, command, completedEventId, identity);
        // Summaries given on commands (timers, activities, children) are kept on the event they wrote.
        if (command.UserMetadata is { } metadata && firstNewEvent < ex.History.Count)
        {
            ex.History[firstNewEvent].UserMetadata = metadata;
        }
    }

    private void ApplyCommandEvents(ExecutionState ex, Command command, long completedEventId, string identity)
    {
        var now = Now;
        switch (command.AttributesCase)
        {
            case Command.AttributesOneofCase.ScheduleActivityTaskCommandAttributes:
                ScheduleActivity(ex, command.ScheduleActivityTaskCommandAttributes, completedEventId);
                break;
            case Command.AttributesOneofCase.RequestCancelActivityTaskCommandAttributes:
                RequestCancelActivity(ex, command.RequestCancelActivityTaskCommandAttributes.ScheduledEventId, completedEventId);
                break;
            case Command.AttributesOneofCase.StartTimerCommandAttributes:
                StartTimer(ex, command.StartTimerCommandAttributes, completedEventId);
                break;
            case Command.AttributesOneofCase.CancelTimerCommandAttributes:
                CancelTimer(ex, command.CancelTimerCommandAttributes.TimerId, completedEventId, identity);
                break;
            case Command.AttributesOneofCase.RecordMarkerCommandAttributes:
            {
                var a = command.RecordMarkerCommandAttributes;
                var marker = NewEvent(EventType.MarkerRecorded, now);
                marker.MarkerRecordedEventAttributes = new MarkerRecordedEventAttributes
                {
                    MarkerName = a.MarkerName,
                    Header = a.Header,
                    Failure = a.Failure,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                marker.MarkerRecordedEventAttributes.Details.Add(a.Details);
                Append(ex, marker);
                break;
            }
            case Command.AttributesOneofCase.UpsertWorkflowSearchAttributesCommandAttributes:
            {
                var a = command.UpsertWorkflowSearchAttributesCommandAttributes;
                var upsert = NewEvent(EventType.UpsertWorkflowSearchAttributes, now);
                upsert.UpsertWorkflowSearchAttributesEventAttributes = new UpsertWorkflowSearchAttributesEventAttributes
                {
                    WorkflowTaskCompletedEventId = completedEventId,
                    SearchAttributes = a.SearchAttributes,
                };
                Append(ex, upsert);
                ex.SearchAttributes ??= new SearchAttributes();
                ExecutionReplay.UpsertFields(ex.SearchAttributes.IndexedFields, a.SearchAttributes?.IndexedFields);
                break;
            }
            case Command.AttributesOneofCase.ModifyWorkflowPropertiesCommandAttributes:
            {
                var a = command.ModifyWorkflowPropertiesCommandAttributes;
                var modified = NewEvent(EventType.WorkflowPropertiesModified, now);
                modified.WorkflowPropertiesModifiedEventAttributes = new WorkflowPropertiesModifiedEventAttributes
                {
                    WorkflowTaskCompletedEventId = completedEventId,
                    UpsertedMemo = a.UpsertedMemo,
                };
                Append(ex, modified);
                ex.Memo ??= new Memo();
                ExecutionReplay.UpsertFields(ex.Memo.Fields, a.UpsertedMemo?.Fields);
                break;
            }
            case Command.AttributesOneofCase.CompleteWorkflowExecutionCommandAttributes:
            {
                var done = NewEvent(EventType.WorkflowExecutionCompleted, now);
                done.WorkflowExecutionCompletedEventAttributes = new WorkflowExecutionCompletedEventAttributes
                {
                    Result = command.CompleteWorkflowExecutionCommandAttributes.Result,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                CloseWithRetryOrCron(ex, WorkflowExecutionStatus.Completed, done, failure: null,
                    command.CompleteWorkflowExecutionCommandAttributes.Result, discardBuffered: false);
                break;
            }
            case Command.AttributesOneofCase.FailWorkflowExecutionCommandAttributes:
            {
                var failed = NewEvent(EventType.WorkflowExecutionFailed, now);
                failed.WorkflowExecutionFailedEventAttributes = new WorkflowExecutionFailedEventAttributes
                {
                    Failure = command.FailWorkflowExecutionCommandAttributes.Failure,
                    RetryState = RetryState.RetryPolicyNotSet,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                CloseWithRetryOrCron(ex, WorkflowExecutionStatus.Failed, failed, command.FailWorkflowExecutionCommandAttributes.Failure,
                    result: null, discardBuffered: false);
                break;
            }
            case Command.AttributesOneofCase.CancelWorkflowExecutionCommandAttributes:
            {
                var canceled = NewEvent(EventType.WorkflowExecutionCanceled, now);
                canceled.WorkflowExecutionCanceledEventAttributes = new WorkflowExecutionCanceledEventAttributes
                {
                    Details = command.CancelWorkflowExecutionCommandAttributes.Details,
                    WorkflowTaskCompletedEventId = completedEventId,
                };
                CloseRun(ex, WorkflowExecutionStatus.Canceled, canceled, discardBuffered: false);
                break;
            }
            case Command.AttributesOneofCase.ContinueAsNewWorkflowExecutionCommandAttributes:
                ContinueAsNew(ex, command.ContinueAsNewWorkflowExecutionCommandAttributes, completedEventId);
                break;
            case Command.AttributesOneofCase.StartChildWorkflowExecutionCommandAttributes:
                InitiateChild(ex, command.StartChildWorkflowExecutionCommandAttributes, completedEventId);
                break;
            case Command.AttributesOneofCase.SignalExternalWorkflowExecutionCommandAttributes:
                InitiateExternalSignal(ex, command.SignalExternalWorkflowExecutionCommandAttributes, completedEventId);
                break;
            case Command.AttributesOneofCase.RequestCancelExternalWorkflowExecutionCommandAttributes:
                InitiateExternalCancel(ex, command.RequestCancelExternalWorkflowExecutionCommandAttributes, completedEventId);
                break;
            default:
                throw ServerErrors.InvalidArgument($"Command type {command.CommandType} is not supported by this server.");
        }
    }

    private void ApplyProtocolMessage(ExecutionState ex, Message message, long completedEventId)
    {
        var now = Now;
        if (message.Body.Is(Acceptance.Descriptor))
        {
            var acceptance = message.Body.Unpack<Acceptance>();
            if (!ex.Updates.TryGetValue(message.ProtocolInstanceId, out var update))
            {
                return;
            }
            var accepted = NewEvent(EventType.WorkflowExecutionUpdateAccepted, now);
            accepted.WorkflowExecutionUpdateAcceptedEventAttributes = new WorkflowExecutionUpdateAcceptedEventAttributes
            {
                ProtocolInstanceId = update.UpdateId,
                AcceptedRequestMessageId = acceptance.AcceptedRequestMessageId,
                AcceptedRequestSequencingEventId = acceptance.AcceptedRequestSequencingEventId,
                AcceptedRequest = acceptance.AcceptedRequest ?? update.Request,
            };
            Append(ex, accepted);
            update.Stage = UpdateWorkflowExecutionLifecycleStage.Accepted;
            update.AcceptedEventId = accepted.EventId;
            MarkDirty(ex);
        }
        else if (message.Body.Is(Rejection.Descriptor))
        {
            var rejection = message.Body.Unpack<Rejection>();
            if (ex.Updates.TryGetValue(message.ProtocolInstanceId, out var update))
            {
                update.Stage = UpdateWorkflowExecutionLifecycleStage.Completed;
                update.Outcome = new Outcome { Failure = rejection.Failure };
                // A rejected update leaves no trace in history; it is forgotten once its caller has the answer.
                ex.Updates.Remove(update.UpdateId);
                _rejectedUpdates[(ex.Namespace, ex.RunId, update.UpdateId)] = update;
                MarkDirty(ex);
            }
        }
        else if (message.Body.Is(Response.Descriptor))
        {
            var response = message.Body.Unpack<Response>();
            if (!ex.Updates.TryGetValue(message.ProtocolInstanceId, out var update))
            {
                return;
            }
            var completed = NewEvent(EventType.WorkflowExecutionUpdateCompleted, now);
            completed.WorkflowExecutionUpdateCompletedEventAttributes = new WorkflowExecutionUpdateCompletedEventAttributes
            {
                Meta = response.Meta,
                AcceptedEventId = update.AcceptedEventId,
                Outcome = response.Outcome,
            };
            Append(ex, completed);
            update.Stage = UpdateWorkflowExecutionLifecycleStage.Completed;
            update.Outcome = response.Outcome;
            MarkDirty(ex);
        }
    }

    private void ContinueAsNew(ExecutionState ex, ContinueAsNewWorkflowExecutionCommandAttributes a, long completedEventId)
    {
        var now = Now;
        var startedAttributes = ex.History[0].WorkflowExecutionStartedEventAttributes;
        var newAttributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = a.WorkflowType ?? startedAttributes.WorkflowType,
            TaskQueue = a.TaskQueue is { Name.Length: > 0 } ? a.TaskQueue : startedAttributes.TaskQueue,
            Input = a.Input,
            WorkflowExecutionTimeout = startedAttributes.WorkflowExecutionTimeout,
            WorkflowRunTimeout = a.WorkflowRunTimeout ?? startedAttributes.WorkflowRunTimeout,
            WorkflowTaskTimeout = a.WorkflowTaskTimeout is { } wt && wt.ToTimeSpan() > TimeSpan.Zero ? wt : startedAttributes.WorkflowTaskTimeout,
            ContinuedExecutionRunId = ex.RunId,
            Initiator = a.Initiator == ContinueAsNewInitiator.Unspecified ? ContinueAsNewInitiator.Workflow : a.Initiator,
            ContinuedFailure = a.Failure,
            LastCompletionResult = a.LastCompletionResult,
            Identity = startedAttributes.Identity,
            Attempt = 1,
            Header = a.Header,
            Memo = a.Memo ?? ex.Memo,
            SearchAttributes = a.SearchAttributes ?? ex.SearchAttributes,
            RetryPolicy = a.RetryPolicy ?? startedAttributes.RetryPolicy,
            FirstWorkflowTaskBackoff = a.BackoffStartInterval,
            WorkflowId = ex.WorkflowId,
            Priority = startedAttributes.Priority,
            RootWorkflowExecution = startedAttributes.RootWorkflowExecution,
        };
        var closeEvent = NewEvent(EventType.WorkflowExecutionContinuedAsNew, now);
        closeEvent.WorkflowExecutionContinuedAsNewEventAttributes = new WorkflowExecutionContinuedAsNewEventAttributes
        {
            WorkflowType = newAttributes.WorkflowType,
            TaskQueue = newAttributes.TaskQueue,
            Input = a.Input,
            WorkflowRunTimeout = newAttributes.WorkflowRunTimeout,
            WorkflowTaskTimeout = newAttributes.WorkflowTaskTimeout,
            WorkflowTaskCompletedEventId = completedEventId,
            BackoffStartInterval = a.BackoffStartInterval,
            Initiator = newAttributes.Initiator,
            Failure = a.Failure,
            LastCompletionResult = a.LastCompletionResult,
            Header = a.Header,
            Memo = newAttributes.Memo,
            SearchAttributes = newAttributes.SearchAttributes,
        };
        ChainNextRun(ex, closeEvent, WorkflowExecutionStatus.ContinuedAsNew, newAttributes, discardBuffered: false);
    }

    /// <summary>Closes a run with its close event; cancels what it still had pending and tells its parent and children.</summary>
    private void CloseRun(ExecutionState ex, WorkflowExecutionStatus status, HistoryEvent closeEvent, bool discardBuffered, bool notifyParent = true)
    {
        if (!ex.IsRunning)
        {
            return;
        }
        if (discardBuffered && ex.WorkflowTask is { Started: true })
        {
            // Timeouts and terminations close a run even while a workflow task is in flight.
            FlushBuffered(ex);
        }
        if (!discardBuffered)
        {
            FlushBuffered(ex);
        }
        ex.WorkflowTask = null;
        ex.FirstWorkflowTaskNotBefore = null;
        Append(ex, closeEvent);
        ex.Status = status;
        ex.CloseTime = Now;
        var key = ex.Key;
        _matching.RemoveAll(t => t.Execution == key && t.QueryId is null);
        ex.Activities.Clear();
        ex.Timers.Clear();
        foreach (var update in ex.Updates.Values.ToList())
        {
            if (update.Stage == UpdateWorkflowExecutionLifecycleStage.Admitted)
            {
                // Never accepted: it is dropped and its callers told the workflow completed.
                ex.Updates.Remove(update.UpdateId);
            }
            else if (update.Stage == UpdateWorkflowExecutionLifecycleStage.Accepted)
            {
                update.Stage = UpdateWorkflowExecutionLifecycleStage.Completed;
                update.Outcome = new Outcome
                {
                    Failure = new Temporalio.Api.Failure.V1.Failure
                    {
                        Message = "Workflow Update failed because the Workflow completed before the Update completed.",
                        Source = "Server",
                        ApplicationFailureInfo = new Temporalio.Api.Failure.V1.ApplicationFailureInfo { Type = "AcceptedUpdateCompletedWorkflow", NonRetryable = true },
                    },
                };
            }
        }
        var children = ex.Children.Values.ToList();
        _afterCommands.Add(() => ApplyParentClosePolicy(children));
        if (notifyParent && ex.Parent is { } parent)
        {
            _afterCommands.Add(() => NotifyParentOfClose(ex, parent, closeEvent));
        }
        OnRunClosed(ex);
        RunAfterCommands();
        MarkDirty(ex);
    }

    private void RunAfterCommands()
    {
        while (_afterCommands.Count > 0)
        {
            var action = _afterCommands[0];
            _afterCommands.RemoveAt(0);
            action();
        }
    }
}
