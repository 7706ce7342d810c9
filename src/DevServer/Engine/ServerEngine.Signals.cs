using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    public void Signal(SignalWorkflowExecutionRequest request) => Mutate(() =>
    {
        if (string.IsNullOrEmpty(request.SignalName))
        {
            throw ServerErrors.InvalidArgument("SignalName is not set on request.");
        }
        var ex = RequireRun(request.Namespace, request.WorkflowExecution?.WorkflowId ?? string.Empty, request.WorkflowExecution?.RunId);
        if (!ex.IsRunning)
        {
            throw ServerErrors.WorkflowCompleted();
        }
        SignalLocked(ex, request.SignalName, request.Input, request.Identity, request.Header, request.RequestId);
    });

    private void SignalLocked(ExecutionState ex, string name, Payloads? input, string identity, Header? header, string? requestId)
    {
        if (!string.IsNullOrEmpty(requestId) && !ex.SignalRequestIds.Add(requestId))
        {
            return;
        }
        var signaled = NewEvent(EventType.WorkflowExecutionSignaled, Now);
        signaled.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
        {
            SignalName = name,
            Input = input,
            Identity = identity,
            Header = header,
        };
        AddEvent(ex, signaled);
        ScheduleWorkflowTask(ex);
    }

    public void RequestCancel(RequestCancelWorkflowExecutionRequest request) => Mutate(() =>
    {
        var ex = RequireRun(request.Namespace, request.WorkflowExecution?.WorkflowId ?? string.Empty, request.WorkflowExecution?.RunId);
        if (!ex.IsRunning)
        {
            // A real server accepts cancelling a closed run and does nothing.
            return;
        }
        RequestCancelLocked(ex, request.Reason, request.Identity, external: null);
    });

    private void RequestCancelLocked(ExecutionState ex, string reason, string identity, ExternalWorkflowExecutionCancelRequestedEventAttributes? external)
    {
        if (ex.CancelRequested)
        {
            return;
        }
        ex.CancelRequested = true;
        var requested = NewEvent(EventType.WorkflowExecutionCancelRequested, Now);
        requested.WorkflowExecutionCancelRequestedEventAttributes = new WorkflowExecutionCancelRequestedEventAttributes
        {
            Cause = reason ?? string.Empty,
            Identity = identity ?? string.Empty,
        };
        if (external is not null)
        {
            requested.WorkflowExecutionCancelRequestedEventAttributes.ExternalInitiatedEventId = external.InitiatedEventId;
            requested.WorkflowExecutionCancelRequestedEventAttributes.ExternalWorkflowExecution = external.WorkflowExecution;
        }
        AddEvent(ex, requested);
        ScheduleWorkflowTask(ex);
    }

    public void Terminate(TerminateWorkflowExecutionRequest request) => Mutate(() =>
    {
        var ex = RequireRun(request.Namespace, request.WorkflowExecution?.WorkflowId ?? string.Empty, request.WorkflowExecution?.RunId);
        if (!ex.IsRunning)
        {
            throw ServerErrors.WorkflowCompleted();
        }
        TerminateLocked(ex, request.Reason, request.Identity, request.Details);
    });

    private void TerminateLocked(ExecutionState ex, string reason, string identity, Payloads? details = null)
    {
        var terminated = NewEvent(EventType.WorkflowExecutionTerminated, Now);
        terminated.WorkflowExecutionTerminatedEventAttributes = new WorkflowExecutionTerminatedEventAttributes
        {
            Reason = reason ?? string.Empty,
            Identity = identity ?? string.Empty,
            Details = details,
        };
        CloseRun(ex, WorkflowExecutionStatus.Terminated, terminated, discardBuffered: true);
    }

    private void InitiateChild(ExecutionState ex, StartChildWorkflowExecutionCommandAttributes a, long completedEventId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? ex.Namespace : a.Namespace;
        var initiated = NewEvent(EventType.StartChildWorkflowExecutionInitiated, Now);
        initiated.StartChildWorkflowExecutionInitiatedEventAttributes = new StartChildWorkflowExecutionInitiatedEventAttributes
        {
            Namespace = ns,
            WorkflowId = a.WorkflowId,
            WorkflowType = a.WorkflowType,
            TaskQueue = a.TaskQueue is { Name.Length: > 0 } ? a.TaskQueue : new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = ex.TaskQueue },
            Input = a.Input,
            WorkflowExecutionTimeout = a.WorkflowExecutionTimeout,
            WorkflowRunTimeout = a.WorkflowRunTimeout,
            WorkflowTaskTimeout = a.WorkflowTaskTimeout,
            ParentClosePolicy = a.ParentClosePolicy,
            Control = a.Control,
            WorkflowTaskCompletedEventId = completedEventId,
            WorkflowIdReusePolicy = a.WorkflowIdReusePolicy,
            RetryPolicy = a.RetryPolicy,
            CronSchedule = a.CronSchedule,
            Header = a.Header,
            Memo = a.Memo,
            SearchAttributes = a.SearchAttributes,
            Priority = a.Priority,
        };
        Append(ex, initiated);
        var child = new ChildInfo
        {
            InitiatedEventId = initiated.EventId,
            Namespace = ns,
            WorkflowId = a.WorkflowId,
            WorkflowType = a.WorkflowType.Name,
            ClosePolicy = a.ParentClosePolicy == ParentClosePolicy.Unspecified ? ParentClosePolicy.Terminate : a.ParentClosePolicy,
        };
        ex.Children[child.InitiatedEventId] = child;
        var attributes = initiated.StartChildWorkflowExecutionInitiatedEventAttributes;
        _afterCommands.Add(() => StartChild(ex, child, attributes));
    }

    private void StartChild(ExecutionState parent, ChildInfo child, StartChildWorkflowExecutionInitiatedEventAttributes a)
    {
        if (!parent.IsRunning)
        {
            return;
        }
        var now = Now;
        var existing = _currentRuns.GetValueOrDefault((child.Namespace, child.WorkflowId));
        var rejected = !_namespaces.ContainsKey(child.Namespace)
            || existing is { IsRunning: true }
            || (existing is not null && a.WorkflowIdReusePolicy == WorkflowIdReusePolicy.RejectDuplicate)
            || (existing is { Status: WorkflowExecutionStatus.Completed } && a.WorkflowIdReusePolicy == WorkflowIdReusePolicy.AllowDuplicateFailedOnly);
        if (rejected)
        {
            var failed = NewEvent(EventType.StartChildWorkflowExecutionFailed, now);
            failed.StartChildWorkflowExecutionFailedEventAttributes = new StartChildWorkflowExecutionFailedEventAttributes
            {
                Namespace = child.Namespace,
                WorkflowId = child.WorkflowId,
                WorkflowType = a.WorkflowType,
                Cause = StartChildWorkflowExecutionFailedCause.WorkflowAlreadyExists,
                Control = a.Control,
                InitiatedEventId = child.InitiatedEventId,
            };
            parent.Children.Remove(child.InitiatedEventId);
            AddEvent(parent, failed);
            ScheduleWorkflowTask(parent);
            return;
        }
        var startedAttributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = a.WorkflowType,
            TaskQueue = a.TaskQueue,
            Input = a.Input,
            WorkflowExecutionTimeout = a.WorkflowExecutionTimeout,
            WorkflowRunTimeout = a.WorkflowRunTimeout ?? a.WorkflowExecutionTimeout,
            WorkflowTaskTimeout = a.WorkflowTaskTimeout is { } wt && wt.ToTimeSpan() > TimeSpan.Zero ? wt : Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
            Header = a.Header,
            Memo = a.Memo,
            SearchAttributes = a.SearchAttributes,
            RetryPolicy = a.RetryPolicy,
            CronSchedule = a.CronSchedule,
            WorkflowId = child.WorkflowId,
            Priority = a.Priority,
            RootWorkflowExecution = parent.History[0].WorkflowExecutionStartedEventAttributes.RootWorkflowExecution
                ?? new WorkflowExecution { WorkflowId = parent.WorkflowId, RunId = parent.RunId },
        };
        var parentInfo = new ParentInfo
        {
            Namespace = parent.Namespace,
            WorkflowId = parent.WorkflowId,
            RunId = parent.RunId,
            InitiatedEventId = child.InitiatedEventId,
            ClosePolicy = child.ClosePolicy,
        };
        var run = CreateRun(child.Namespace, child.WorkflowId, Guid.NewGuid().ToString(), startedAttributes, now, parentInfo, firstRunId: null);
        ScheduleFirstWorkflowTask(run);
        child.RunId = run.RunId;
        var started = NewEvent(EventType.ChildWorkflowExecutionStarted, now);
        started.ChildWorkflowExecutionStartedEventAttributes = new ChildWorkflowExecutionStartedEventAttributes
        {
            Namespace = child.Namespace,
            InitiatedEventId = child.InitiatedEventId,
            WorkflowExecution = new WorkflowExecution { WorkflowId = child.WorkflowId, RunId = run.RunId },
            WorkflowType = a.WorkflowType,
            Header = a.Header,
        };
        AddEvent(parent, started);
        ScheduleWorkflowTask(parent);
    }

    private void NotifyParentOfClose(ExecutionState child, ParentInfo parentInfo, HistoryEvent closeEvent)
    {
        if (FindRun(new ExecutionKey(parentInfo.Namespace, parentInfo.WorkflowId, parentInfo.RunId)) is not { IsRunning: true } parent
            || !parent.Children.ContainsKey(parentInfo.InitiatedEventId))
        {
            return;
        }
        var execution = new WorkflowExecution { WorkflowId = child.WorkflowId, RunId = child.RunId };
        var type = new WorkflowType { Name = child.WorkflowType };
        var now = Now;
        HistoryEvent e;
        switch (closeEvent.EventType)
        {
            case EventType.WorkflowExecutionCompleted:
                e = NewEvent(EventType.ChildWorkflowExecutionCompleted, now);
                e.ChildWorkflowExecutionCompletedEventAttributes = new ChildWorkflowExecutionCompletedEventAttributes
                {
                    Result = closeEvent.WorkflowExecutionCompletedEventAttributes.Result,
                    Namespace = child.Namespace, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = parentInfo.InitiatedEventId,
                };
                break;
            case EventType.WorkflowExecutionFailed:
                e = NewEvent(EventType.ChildWorkflowExecutionFailed, now);
                e.ChildWorkflowExecutionFailedEventAttributes = new ChildWorkflowExecutionFailedEventAttributes
                {
                    Failure = closeEvent.WorkflowExecutionFailedEventAttributes.Failure,
                    Namespace = child.Namespace, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = parentInfo.InitiatedEventId,
                    RetryState = closeEvent.WorkflowExecutionFailedEventAttributes.RetryState,
                };
                break;
            case EventType.WorkflowExecutionCanceled:
                e = NewEvent(EventType.ChildWorkflowExecutionCanceled, now);
                e.ChildWorkflowExecutionCanceledEventAttributes = new ChildWorkflowExecutionCanceledEventAttributes
                {
                    Details = closeEvent.WorkflowExecutionCanceledEventAttributes.Details,
                    Namespace = child.Namespace, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = parentInfo.InitiatedEventId,
                };
                break;
            case EventType.WorkflowExecutionTerminated:
                e = NewEvent(EventType.ChildWorkflowExecutionTerminated, now);
                e.ChildWorkflowExecutionTerminatedEventAttributes = new ChildWorkflowExecutionTerminatedEventAttributes
                {
                    Namespace = child.Namespace, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = parentInfo.InitiatedEventId,
                };
                break;
            case EventType.WorkflowExecutionTimedOut:
                e = NewEvent(EventType.ChildWorkflowExecutionTimedOut, now);
                e.ChildWorkflowExecutionTimedOutEventAttributes = new ChildWorkflowExecutionTimedOutEventAttributes
                {
                    Namespace = child.Namespace, WorkflowExecution = execution, WorkflowType = type, InitiatedEventId = parentInfo.InitiatedEventId,
                    RetryState = RetryState.Timeout,
                };
                break;
            default:
                return;
        }
        AddEvent(parent, e);
        ScheduleWorkflowTask(parent);
    }

    private void ApplyParentClosePolicy(IEnumerable<ChildInfo> children)
    {
        foreach (var child in children)
        {
            if (string.IsNullOrEmpty(child.RunId)
                || !_currentRuns.TryGetValue((child.Namespace, child.WorkflowId), out var run) || !run.IsRunning)
            {
                continue;
            }
            switch (child.ClosePolicy)
            {
                case ParentClosePolicy.Terminate:
                    TerminateLocked(run, "by parent close policy", "temporal-server");
                    break;
                case ParentClosePolicy.RequestCancel:
                    RequestCancelLocked(run, "by parent close policy", "temporal-server", external: null);
                    break;
            }
        }
    }

    private void InitiateExternalSignal(ExecutionState ex, SignalExternalWorkflowExecutionCommandAttributes a, long completedEventId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? ex.Namespace : a.Namespace;
        var initiated = NewEvent(EventType.SignalExternalWorkflowExecutionInitiated, Now);
        initiated.SignalExternalWorkflowExecutionInitiatedEventAttributes = new SignalExternalWorkflowExecutionInitiatedEventAttributes
        {
            WorkflowTaskCompletedEventId = completedEventId,
            Namespace = ns,
            WorkflowExecution = a.Execution,
            SignalName = a.SignalName,
            Input = a.Input,
            Control = a.Control,
            ChildWorkflowOnly = a.ChildWorkflowOnly,
            Header = a.Header,
        };
        Append(ex, initiated);
        var initiatedId = initiated.EventId;
        ex.ExternalRequests[initiatedId] = new ExternalRequestInfo { InitiatedEventId = initiatedId };
        _afterCommands.Add(() =>
        {
            if (!ex.IsRunning || !ex.ExternalRequests.Remove(initiatedId))
            {
                return;
            }
            var target = FindTarget(ns, a.Execution);
            HistoryEvent result;
            if (target is { IsRunning: true })
            {
                SignalLocked(target, a.SignalName, a.Input, $"{ex.WorkflowId}", a.Header, requestId: null);
                result = NewEvent(EventType.ExternalWorkflowExecutionSignaled, Now);
                result.ExternalWorkflowExecutionSignaledEventAttributes = new ExternalWorkflowExecutionSignaledEventAttributes
                {
                    InitiatedEventId = initiatedId,
                    Namespace = ns,
                    WorkflowExecution = new WorkflowExecution { WorkflowId = target.WorkflowId, RunId = target.RunId },
                    Control = a.Control,
                };
            }
            else
            {
                result = NewEvent(EventType.SignalExternalWorkflowExecutionFailed, Now);
                result.SignalExternalWorkflowExecutionFailedEventAttributes = new SignalExternalWorkflowExecutionFailedEventAttributes
                {
                    Cause = SignalExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                    WorkflowTaskCompletedEventId = completedEventId,
                    Namespace = ns,
                    WorkflowExecution = a.Execution,
                    InitiatedEventId = initiatedId,
                    Control = a.Control,
                };
            }
            AddEvent(ex, result);
            ScheduleWorkflowTask(ex);
        });
    }

    private void InitiateExternalCancel(ExecutionState ex, RequestCancelExternalWorkflowExecutionCommandAttributes a, long completedEventId)
    {
        var ns = string.IsNullOrEmpty(a.Namespace) ? ex.Namespace : a.Namespace;
        var execution = new WorkflowExecution { WorkflowId = a.WorkflowId, RunId = a.RunId };
        var initiated = NewEvent(EventType.RequestCancelExternalWorkflowExecutionInitiated, Now);
        initiated.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes = new RequestCancelExternalWorkflowExecutionInitiatedEventAttributes
        {
            WorkflowTaskCompletedEventId = completedEventId,
            Namespace = ns,
            WorkflowExecution = execution,
            Control = a.Control,
            ChildWorkflowOnly = a.ChildWorkflowOnly,
            Reason = a.Reason,
        };
        Append(ex, initiated);
        var initiatedId = initiated.EventId;
        ex.ExternalRequests[initiatedId] = new ExternalRequestInfo { InitiatedEventId = initiatedId };
        _afterCommands.Add(() =>
        {
            if (!ex.IsRunning || !ex.ExternalRequests.Remove(initiatedId))
            {
                return;
            }
            var target = FindTarget(ns, execution);
            HistoryEvent result;
            if (target is { IsRunning: true })
            {
                RequestCancelLocked(target, a.Reason, ex.WorkflowId, new ExternalWorkflowExecutionCancelRequestedEventAttributes
                {
                    InitiatedEventId = initiatedId,
                    WorkflowExecution = new WorkflowExecution { WorkflowId = ex.WorkflowId, RunId = ex.RunId },
                });
                result = NewEvent(EventType.ExternalWorkflowExecutionCancelRequested, Now);
                result.ExternalWorkflowExecutionCancelRequestedEventAttributes = new ExternalWorkflowExecutionCancelRequestedEventAttributes
                {
                    InitiatedEventId = initiatedId,
                    Namespace = ns,
                    WorkflowExecution = new WorkflowExecution { WorkflowId = target.WorkflowId, RunId = target.RunId },
                };
            }
            else
            {
                result = NewEvent(EventType.RequestCancelExternalWorkflowExecutionFailed, Now);
                result.RequestCancelExternalWorkflowExecutionFailedEventAttributes = new RequestCancelExternalWorkflowExecutionFailedEventAttributes
                {
                    Cause = CancelExternalWorkflowExecutionFailedCause.ExternalWorkflowExecutionNotFound,
                    WorkflowTaskCompletedEventId = completedEventId,
                    Namespace = ns,
                    WorkflowExecution = execution,
                    InitiatedEventId = initiatedId,
                    Control = a.Control,
                };
            }
            AddEvent(ex, result);
            ScheduleWorkflowTask(ex);
        });
    }

    private ExecutionState? FindTarget(string ns, WorkflowExecution? execution)
    {
        if (execution is null || string.IsNullOrEmpty(execution.WorkflowId))
        {
            return null;
        }
        if (!string.IsNullOrEmpty(execution.RunId))
        {
            return _runs.TryGetValue((ns, execution.RunId), out var run) && run.WorkflowId == execution.WorkflowId ? run : null;
        }
        return _currentRuns.GetValueOrDefault((ns, execution.WorkflowId));
    }
}
