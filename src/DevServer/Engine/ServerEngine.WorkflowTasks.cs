using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    private static readonly TimeSpan MaxWorkflowTaskRetryBackoff = TimeSpan.FromSeconds(10);

    /// <summary>Schedules a workflow task unless one is already scheduled or running.</summary>
    private void ScheduleWorkflowTask(ExecutionState ex, int attempt = 1)
    {
        if (!ex.IsRunning || ex.WorkflowTask is not null || ex.FirstWorkflowTaskNotBefore is not null)
        {
            return;
        }
        var now = Now;
        var scheduled = NewEvent(EventType.WorkflowTaskScheduled, now);
        scheduled.WorkflowTaskScheduledEventAttributes = new WorkflowTaskScheduledEventAttributes
        {
            TaskQueue = new TaskQueue { Name = ex.TaskQueue, Kind = TaskQueueKind.Normal },
            StartToCloseTimeout = Duration.FromTimeSpan(ex.WorkflowTaskTimeout),
            Attempt = attempt,
        };
        Append(ex, scheduled);
        var wt = new WorkflowTaskInfo
        {
            ScheduledEventId = scheduled.EventId,
            Attempt = attempt,
            TaskQueue = ex.StickyQueue ?? ex.TaskQueue,
            ScheduledTime = now,
        };
        ex.WorkflowTask = wt;
        _matching.Offer(ex.Namespace, wt.TaskQueue, QueueKind.Workflow, new QueuedTask(ex.Key, scheduled.EventId, attempt));
        if (ex.StickyQueue is not null)
        {
            ArmStickyTimeout(ex, wt, now + ex.StickyScheduleToStartTimeout);
        }
    }

    /// <summary>A task the sticky worker does not pick up in time goes to the normal queue with the full history.</summary>
    private void ArmStickyTimeout(ExecutionState ex, WorkflowTaskInfo wt, DateTime due)
    {
        var key = ex.Key;
        var scheduledEventId = wt.ScheduledEventId;
        _timers.Schedule(due, () => Mutate(() =>
        {
            if (FindRun(key) is { IsRunning: true } current && current.WorkflowTask is { Started: false } task
                && task.ScheduledEventId == scheduledEventId && task.TaskQueue != current.TaskQueue)
            {
                MoveToNormalQueue(current);
            }
        }));
    }

    private void MoveToNormalQueue(ExecutionState ex)
    {
        ex.StickyQueue = null;
        if (ex.WorkflowTask is { Started: false } task && task.TaskQueue != ex.TaskQueue)
        {
            var scheduledEventId = task.ScheduledEventId;
            _matching.RemoveAll(t => t.Execution == ex.Key && t.ScheduledEventId == scheduledEventId && t.QueryId is null);
            task.TaskQueue = ex.TaskQueue;
            _matching.Offer(ex.Namespace, ex.TaskQueue, QueueKind.Workflow, new QueuedTask(ex.Key, scheduledEventId, task.Attempt));
        }
        MarkDirty(ex);
    }

    /// <summary>A worker going away (or a reset) ends the stickiness of every run cached by it.</summary>
    public void ResetStickiness(string ns, string? stickyQueue, string? workflowId = null, string? runId = null) => Mutate(() =>
    {
        foreach (var ex in _runs.Values.Where(r => r.Namespace == ns && r.IsRunning && r.StickyQueue is not null
            && (stickyQueue is null || r.StickyQueue == stickyQueue)
            && (workflowId is null || r.WorkflowId == workflowId)
            && (string.IsNullOrEmpty(runId) || r.RunId == runId)).ToList())
        {
            MoveToNormalQueue(ex);
        }
    });

    public Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(PollWorkflowTaskQueueRequest request, CancellationToken cancellationToken) =>
        PollAsync(request.Namespace, request.TaskQueue?.Name, QueueKind.Workflow, request.Identity, task => task.QueryId is null
            ? TryStartWorkflowTask(task, request.Identity, sticky: request.TaskQueue!.Name != ExecutionTaskQueue(task))
            : TryStartLegacyQuery(task), cancellationToken);

    /// <summary>
    /// Long-polls a queue until a task can be started (stale tasks — retried, timed out, closed runs — are skipped);
    /// an empty response when the poll ends first.
    /// </summary>
    private async Task<TResponse> PollAsync<TResponse>(string ns, string? queue, QueueKind kind, string identity, Func<QueuedTask, TResponse?> tryStart, CancellationToken cancellationToken)
        where TResponse : class, new()
    {
        if (string.IsNullOrEmpty(queue))
        {
            throw ServerErrors.InvalidArgument("TaskQueue is not set on request.");
        }
        lock (_gate)
        {
            RequireNamespace(ns);
            _matching.RecordPoll(ns, queue, kind, identity, Now);
        }
        while (true)
        {
            var task = await TakeTaskAsync(ns, queue, kind, cancellationToken).ConfigureAwait(false);
            if (task is null)
            {
                return new TResponse();
            }
            if (Mutate(() => tryStart(task)) is { } response)
            {
                return response;
            }
        }
    }

    /// <summary>Long-polls a queue; null when the poll ends with no task.</summary>
    private async Task<QueuedTask?> TakeTaskAsync(string ns, string queue, Engine.QueueKind kind, CancellationToken cancellationToken)
    {
        QueuedTask? task;
        LinkedListNode<TaskCompletionSource<QueuedTask>>? waiter;
        lock (_gate)
        {
            (task, waiter) = _matching.Take(ns, queue, kind);
        }
        if (task is not null)
        {
            return task;
        }
        try
        {
            return await waiter!.Value.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (waiter!.List is not null)
                {
                    _matching.Abandon(ns, queue, kind, waiter);
                }
                else if (waiter.Value.Task.IsCompletedSuccessfully)
                {
                    // The task was handed over just as the poll ended: it must not be lost.
#pragma warning disable VSTHRD103 // completed successfully (checked above): Result does not block
                    _matching.PutBack(ns, queue, kind, waiter.Value.Task.Result);
#pragma warning restore VSTHRD103
                }
            }
            return null;
        }
    }

    private string? ExecutionTaskQueue(QueuedTask task) => FindRun(task.Execution)?.TaskQueue;

    private PollWorkflowTaskQueueResponse? TryStartWorkflowTask(QueuedTask task, string identity, bool sticky)
    {
        if (FindRun(task.Execution) is not { IsRunning: true } ex
            || ex.WorkflowTask is not { Started: false } wt
            || wt.ScheduledEventId != task.ScheduledEventId)
        {
            return null;
        }
        var now = Now;
        var started = NewEvent(EventType.WorkflowTaskStarted, now);
        started.WorkflowTaskStartedEventAttributes = new WorkflowTaskStartedEventAttributes
        {
            ScheduledEventId = wt.ScheduledEventId,
            Identity = identity,
            RequestId = Guid.NewGuid().ToString(),
            HistorySizeBytes = HistorySizeBytes(ex),
        };
        Append(ex, started);
        wt.StartedEventId = started.EventId;
        wt.StartedTime = now;
        ArmWorkflowTaskTimeout(ex, wt);

        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.WorkflowTask, ex.Namespace, ex.WorkflowId, ex.RunId, wt.ScheduledEventId, wt.Attempt, string.Empty).Encode(),
            WorkflowExecution = new WorkflowExecution { WorkflowId = ex.WorkflowId, RunId = ex.RunId },
            WorkflowType = new WorkflowType { Name = ex.WorkflowType },
            PreviousStartedEventId = ex.LastCompletedStartedEventId,
            StartedEventId = wt.StartedEventId,
            Attempt = wt.Attempt,
            BacklogCountHint = _matching.Backlog(ex.Namespace, ex.TaskQueue, QueueKind.Workflow),
            History = new History(),
            WorkflowExecutionTaskQueue = new TaskQueue { Name = ex.TaskQueue, Kind = TaskQueueKind.Normal },
            ScheduledTime = Timestamp.FromDateTime(wt.ScheduledTime),
            StartedTime = Timestamp.FromDateTime(now),
        };
        // A sticky worker has the run cached up to its last task: it gets only what came after.
        var from = sticky ? (int)ex.LastCompletedStartedEventId : 0;
        response.History.Events.AddRange(ex.History.Skip(from));
        foreach (var queryId in wt.QueryIds)
        {
            if (_queries.TryGetValue(queryId, out var query))
            {
                response.Queries[queryId] = query.Query;
            }
        }
        wt.DeliveredUpdateIds.Clear();
        foreach (var update in ex.Updates.Values.Where(u => u.Stage == UpdateWorkflowExecutionLifecycleStage.Admitted))
        {
            response.Messages.Add(new Message
            {
                Id = update.RequestMessageId,
                ProtocolInstanceId = update.UpdateId,
                EventId = wt.StartedEventId - 1,
                Body = Any.Pack(update.Request),
            });
            wt.DeliveredUpdateIds.Add(update.UpdateId);
        }
        return response;
    }

    private void ArmWorkflowTaskTimeout(ExecutionState ex, WorkflowTaskInfo wt)
    {
        var key = ex.Key;
        var scheduledEventId = wt.ScheduledEventId;
        var attempt = wt.Attempt;
        _timers.Schedule(wt.StartedTime!.Value + ex.WorkflowTaskTimeout, () => Mutate(() =>
        {
            if (FindRun(key) is { IsRunning: true } current
                && current.WorkflowTask is { Started: true } task
                && task.ScheduledEventId == scheduledEventId && task.Attempt == attempt)
            {
                var timedOut = NewEvent(EventType.WorkflowTaskTimedOut, Now);
                timedOut.WorkflowTaskTimedOutEventAttributes = new WorkflowTaskTimedOutEventAttributes
                {
                    ScheduledEventId = task.ScheduledEventId,
                    StartedEventId = task.StartedEventId,
                    TimeoutType = TimeoutType.StartToClose,
                };
                RetryWorkflowTask(current, timedOut);
            }
        }));
    }

    /// <summary>Writes the failure/timeout of the running workflow task and schedules the next attempt.</summary>
    private void RetryWorkflowTask(ExecutionState ex, HistoryEvent failureEvent)
    {
        var failed = ex.WorkflowTask!;
        ex.WorkflowTask = null;
        ex.StickyQueue = null;
        Append(ex, failureEvent);
        FlushBuffered(ex);
        var attempt = failed.Attempt + 1;
        var backoff = attempt <= 2 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(MaxWorkflowTaskRetryBackoff.TotalMilliseconds, 250 * Math.Pow(2, attempt - 3)));
        if (backoff == TimeSpan.Zero)
        {
            ScheduleWorkflowTask(ex, attempt);
            MoveQueries(ex, failed.QueryIds);
            return;
        }
        foreach (var id in failed.QueryIds)
        {
            QueueAfterTask(ex, id);
        }
        ex.FirstWorkflowTaskNotBefore = Now + backoff;
        ex.NextWorkflowTaskAttempt = attempt;
        ArmFirstWorkflowTask(ex);
    }

    public void FailWorkflowTask(RespondWorkflowTaskFailedRequest request) => Mutate(() =>
    {
        var (ex, wt) = RequireStartedWorkflowTask(request.TaskToken, request.Namespace);
        var failed = NewEvent(EventType.WorkflowTaskFailed, Now);
        failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
        {
            ScheduledEventId = wt.ScheduledEventId,
            StartedEventId = wt.StartedEventId,
            Cause = request.Cause,
            Failure = request.Failure,
            Identity = request.Identity,
            BinaryChecksum = request.BinaryChecksum,
        };
        FailQueries(wt.QueryIds, "workflow task failed");
        wt.QueryIds.Clear();
        RetryWorkflowTask(ex, failed);
    });

    private (ExecutionState Execution, WorkflowTaskInfo Task) RequireStartedWorkflowTask(Google.Protobuf.ByteString token, string ns)
    {
        var decoded = TaskToken.TryDecode(token);
        if (decoded is null || decoded.Kind != TaskTokenKind.WorkflowTask)
        {
            throw ServerErrors.InvalidArgument("Error deserializing task token.");
        }
        if (!string.IsNullOrEmpty(ns) && ns != decoded.Namespace)
        {
            throw ServerErrors.InvalidArgument("Operation requested with a token from a different namespace.");
        }
        RequireNamespace(decoded.Namespace);
        if (FindRun(new ExecutionKey(decoded.Namespace, decoded.WorkflowId, decoded.RunId)) is not { } ex)
        {
            throw ServerErrors.TaskNotFound("Workflow task");
        }
        if (!ex.IsRunning)
        {
            throw ServerErrors.WorkflowCompleted();
        }
        if (ex.WorkflowTask is not { Started: true } wt || wt.ScheduledEventId != decoded.ScheduledEventId || wt.Attempt != decoded.Attempt)
        {
            throw ServerErrors.TaskNotFound("Workflow task");
        }
        return (ex, wt);
    }

    public RespondWorkflowTaskCompletedResponse CompleteWorkflowTask(RespondWorkflowTaskCompletedRequest request) => Mutate(() =>
    {
        var (ex, wt) = RequireStartedWorkflowTask(request.TaskToken, request.Namespace);
        var now = Now;
        AnswerQueries(wt.QueryIds, request.QueryResults);
        if (request.StickyAttributes?.WorkerTaskQueue?.Name is { Length: > 0 } stickyQueue)
        {
            ex.StickyQueue = stickyQueue;
            ex.StickyScheduleToStartTimeout = request.StickyAttributes.ScheduleToStartTimeout is { } t && t.ToTimeSpan() > TimeSpan.Zero
                ? t.ToTimeSpan() : TimeSpan.FromSeconds(5);
        }
        else
        {
            ex.StickyQueue = null;
        }

        var closesRun = request.Commands.Any(c => c.CommandType is CommandType.CompleteWorkflowExecution
            or CommandType.FailWorkflowExecution or CommandType.CancelWorkflowExecution or CommandType.ContinueAsNewWorkflowExecution);
        var newUpdates = ex.Updates.Values.Any(u => u.Stage == UpdateWorkflowExecutionLifecycleStage.Admitted
            && !wt.DeliveredUpdateIds.Contains(u.UpdateId)
            && !request.Messages.Any(m => m.ProtocolInstanceId == u.UpdateId));
        if (closesRun && (ex.Buffered.Count > 0 || newUpdates))
        {
            // New events arrived while the worker decided to close: it must see them first.
            var failed = NewEvent(EventType.WorkflowTaskFailed, now);
            failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
            {
                ScheduledEventId = wt.ScheduledEventId,
                StartedEventId = wt.StartedEventId,
                Cause = WorkflowTaskFailedCause.UnhandledCommand,
                Identity = request.Identity,
            };
            ex.WorkflowTask = null;
            Append(ex, failed);
            FlushBuffered(ex);
            ScheduleWorkflowTask(ex);
            MoveQueries(ex, wt.QueryIds);
            RedistributeQueries(ex);
            return new RespondWorkflowTaskCompletedResponse();
        }

        if (BadSearchAttributes(ex, request.Commands) is { } reason)
        {
            // A real server refuses the whole task and writes why; the worker retries it.
            var failed = NewEvent(EventType.WorkflowTaskFailed, now);
            failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
            {
                ScheduledEventId = wt.ScheduledEventId,
                StartedEventId = wt.StartedEventId,
                Cause = WorkflowTaskFailedCause.BadSearchAttributes,
                Failure = new Temporalio.Api.Failure.V1.Failure { Message = reason, ServerFailureInfo = new Temporalio.Api.Failure.V1.ServerFailureInfo() },
                Identity = request.Identity,
            };
            FailQueries(wt.QueryIds, "workflow task failed");
            wt.QueryIds.Clear();
            RetryWorkflowTask(ex, failed);
            return new RespondWorkflowTaskCompletedResponse();
        }

        var completed = NewEvent(EventType.WorkflowTaskCompleted, now);
        completed.WorkflowTaskCompletedEventAttributes = new WorkflowTaskCompletedEventAttributes
        {
            ScheduledEventId = wt.ScheduledEventId,
            StartedEventId = wt.StartedEventId,
            Identity = request.Identity,
            BinaryChecksum = request.BinaryChecksum,
            SdkMetadata = request.SdkMetadata,
            MeteringMetadata = request.MeteringMetadata,
            WorkerVersion = request.WorkerVersionStamp,
        };
        ex.WorkflowTask = null;
        Append(ex, completed);
        ex.LastCompletedStartedEventId = wt.StartedEventId;

        var messages = request.Messages.ToDictionary(m => m.Id, m => m);
        var processedMessages = new HashSet<string>();
        foreach (var command in request.Commands)
        {
            if (!ex.IsRunning)
            {
                break;
            }
            if (command.CommandType == CommandType.ProtocolMessage)
            {
                var id = command.ProtocolMessageCommandAttributes.MessageId;
                if (messages.TryGetValue(id, out var message) && processedMessages.Add(id))
                {
                    ApplyProtocolMessage(ex, message, completed.EventId);
                }
                continue;
            }
            ApplyCommand(ex, command, completed.EventId, request.Identity);
        }
        foreach (var message in request.Messages.Where(m => !processedMessages.Contains(m.Id)))
        {
            if (ex.IsRunning)
            {
                ApplyProtocolMessage(ex, message, completed.EventId);
            }
        }

        RunAfterCommands();
        var response = new RespondWorkflowTaskCompletedResponse();
        if (!ex.IsRunning)
        {
            RedistributeQueries(ex);
            return response;
        }
        FlushBuffered(ex);
        var undelivered = ex.Updates.Values.Any(u => u.Stage == UpdateWorkflowExecutionLifecycleStage.Admitted);
        if (ex.History[^1].EventId != completed.EventId && HasNewEventsForWorker(ex, completed.EventId)
            || request.ForceCreateNewWorkflowTask || undelivered)
        {
            ScheduleWorkflowTask(ex);
        }
        RedistributeQueries(ex);
        if (request.ReturnNewWorkflowTask && ex.WorkflowTask is { Started: false } next)
        {
            _matching.RemoveAll(t => t.Execution == ex.Key && t.ScheduledEventId == next.ScheduledEventId && t.QueryId is null);
            response.WorkflowTask = TryStartWorkflowTask(new QueuedTask(ex.Key, next.ScheduledEventId, next.Attempt), request.Identity, sticky: ex.StickyQueue is not null);
        }
        return response;
    });

    /// <summary>Why the search attributes set by a task's commands are refused; null when all are registered.</summary>
    private string? BadSearchAttributes(ExecutionState ex, IEnumerable<Temporalio.Api.Command.V1.Command> commands)
    {
        foreach (var command in commands)
        {
            var attributes = command.AttributesCase switch
            {
                Temporalio.Api.Command.V1.Command.AttributesOneofCase.UpsertWorkflowSearchAttributesCommandAttributes =>
                    command.UpsertWorkflowSearchAttributesCommandAttributes.SearchAttributes,
                Temporalio.Api.Command.V1.Command.AttributesOneofCase.StartChildWorkflowExecutionCommandAttributes =>
                    command.StartChildWorkflowExecutionCommandAttributes.SearchAttributes,
                Temporalio.Api.Command.V1.Command.AttributesOneofCase.ContinueAsNewWorkflowExecutionCommandAttributes =>
                    command.ContinueAsNewWorkflowExecutionCommandAttributes.SearchAttributes,
                _ => null,
            };
            if (ValidateSearchAttributes(ex.Namespace, attributes) is { } reason)
            {
                return reason;
            }
        }
        return null;
    }

    /// <summary>Whether events written after the completion need the worker (anything but the worker's own command events).</summary>
    private static bool HasNewEventsForWorker(ExecutionState ex, long completedEventId) =>
        ex.History.Where(e => e.EventId > completedEventId).Any(e => e.EventType is
            EventType.ActivityTaskCompleted or EventType.ActivityTaskFailed or EventType.ActivityTaskTimedOut
            or EventType.ActivityTaskCanceled or EventType.TimerFired or EventType.WorkflowExecutionSignaled
            or EventType.WorkflowExecutionCancelRequested or EventType.ChildWorkflowExecutionStarted
            or EventType.StartChildWorkflowExecutionFailed or EventType.ChildWorkflowExecutionCompleted
            or EventType.ChildWorkflowExecutionFailed or EventType.ChildWorkflowExecutionCanceled
            or EventType.ChildWorkflowExecutionTerminated or EventType.ChildWorkflowExecutionTimedOut
            or EventType.ExternalWorkflowExecutionSignaled or EventType.SignalExternalWorkflowExecutionFailed
            or EventType.ExternalWorkflowExecutionCancelRequested or EventType.RequestCancelExternalWorkflowExecutionFailed
            or EventType.WorkflowExecutionUpdateAdmitted);
}
