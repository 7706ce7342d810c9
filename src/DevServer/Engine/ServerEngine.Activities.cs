using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    private static readonly TimeSpan DefaultInitialInterval = TimeSpan.FromSeconds(1);

    private void ScheduleActivity(ExecutionState ex, ScheduleActivityTaskCommandAttributes a, long completedEventId)
    {
        var now = Now;
        var scheduleToClose = Positive(a.ScheduleToCloseTimeout);
        var startToClose = Positive(a.StartToCloseTimeout) ?? scheduleToClose;
        var scheduleToStart = Positive(a.ScheduleToStartTimeout) ?? scheduleToClose;
        if (startToClose is null)
        {
            throw ServerErrors.InvalidArgument("A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.");
        }
        var retry = a.RetryPolicy?.Clone() ?? new RetryPolicy();
        if (Positive(retry.InitialInterval) is null)
        {
            retry.InitialInterval = Duration.FromTimeSpan(DefaultInitialInterval);
        }
        if (retry.BackoffCoefficient < 1)
        {
            retry.BackoffCoefficient = 2.0;
        }
        if (Positive(retry.MaximumInterval) is null)
        {
            retry.MaximumInterval = Duration.FromTimeSpan(retry.InitialInterval.ToTimeSpan() * 100);
        }
        var taskQueue = a.TaskQueue is { Name.Length: > 0 } ? a.TaskQueue.Name : ex.TaskQueue;
        var scheduled = NewEvent(EventType.ActivityTaskScheduled, now);
        scheduled.ActivityTaskScheduledEventAttributes = new ActivityTaskScheduledEventAttributes
        {
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType,
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = taskQueue, Kind = TaskQueueKind.Normal },
            Header = a.Header,
            Input = a.Input,
            ScheduleToCloseTimeout = scheduleToClose is { } stc ? Duration.FromTimeSpan(stc) : null,
            ScheduleToStartTimeout = scheduleToStart is { } sts ? Duration.FromTimeSpan(sts) : null,
            StartToCloseTimeout = Duration.FromTimeSpan(startToClose.Value),
            HeartbeatTimeout = a.HeartbeatTimeout,
            WorkflowTaskCompletedEventId = completedEventId,
            RetryPolicy = retry,
            Priority = a.Priority,
        };
        Append(ex, scheduled);
        var activity = new ActivityInfo
        {
            ScheduledEventId = scheduled.EventId,
            ActivityId = a.ActivityId,
            ActivityType = a.ActivityType.Name,
            TaskQueue = taskQueue,
            State = ActivityRunState.Scheduled,
            ScheduledTime = now,
            CurrentAttemptScheduledTime = now,
            ScheduleToCloseTimeout = scheduleToClose,
            ScheduleToStartTimeout = scheduleToStart,
            StartToCloseTimeout = startToClose,
            HeartbeatTimeout = Positive(a.HeartbeatTimeout),
            RetryPolicy = retry,
        };
        ex.Activities[activity.ScheduledEventId] = activity;
        DispatchActivity(ex, activity);
        ArmActivityScheduleToClose(ex, activity);
    }

    private static TimeSpan? Positive(Duration? duration) =>
        duration is not null && duration.ToTimeSpan() > TimeSpan.Zero ? duration.ToTimeSpan() : null;

    private void DispatchActivity(ExecutionState ex, ActivityInfo activity)
    {
        activity.State = ActivityRunState.Scheduled;
        activity.RetryAt = null;
        if (activity.Paused)
        {
            return;
        }
        _matching.Offer(ex.Namespace, activity.TaskQueue, QueueKind.Activity, new QueuedTask(ex.Key, activity.ScheduledEventId, activity.Attempt));
        if (activity.ScheduleToStartTimeout is { } timeout)
        {
            ArmActivityTimeout(ex, activity, activity.CurrentAttemptScheduledTime + timeout, TimeoutType.ScheduleToStart);
        }
    }

    private void ArmActivityScheduleToClose(ExecutionState ex, ActivityInfo activity)
    {
        if (activity.ScheduleToCloseTimeout is { } timeout)
        {
            ArmActivityTimeout(ex, activity, activity.ScheduledTime + timeout, TimeoutType.ScheduleToClose);
        }
    }

    private void ArmActivityTimeout(ExecutionState ex, ActivityInfo activity, DateTime due, TimeoutType type)
    {
        var key = ex.Key;
        var scheduledEventId = activity.ScheduledEventId;
        var attempt = activity.Attempt;
        _timers.Schedule(due, () => Mutate(() =>
        {
            if (FindRun(key) is not { IsRunning: true } current
                || !current.Activities.TryGetValue(scheduledEventId, out var pending))
            {
                return;
            }
            var now = Now;
            switch (type)
            {
                case TimeoutType.ScheduleToClose:
                    TimeOutActivity(current, pending, type, retryable: false);
                    break;
                case TimeoutType.ScheduleToStart when pending.Attempt == attempt && pending.State == ActivityRunState.Scheduled && !pending.Paused:
                    TimeOutActivity(current, pending, type, retryable: false);
                    break;
                case TimeoutType.StartToClose when pending.Attempt == attempt && pending.State == ActivityRunState.Started:
                    TimeOutActivity(current, pending, type, retryable: true);
                    break;
                case TimeoutType.Heartbeat when pending.Attempt == attempt && pending.State == ActivityRunState.Started:
                    var last = pending.LastHeartbeatTime ?? pending.StartedTime!.Value;
                    if (last + pending.HeartbeatTimeout!.Value <= now)
                    {
                        TimeOutActivity(current, pending, type, retryable: true);
                    }
                    else
                    {
                        ArmActivityTimeout(current, pending, last + pending.HeartbeatTimeout.Value, TimeoutType.Heartbeat);
                    }
                    break;
            }
        }));
    }

    private void TimeOutActivity(ExecutionState ex, ActivityInfo activity, TimeoutType type, bool retryable)
    {
        var failure = new Failure
        {
            Message = $"activity {TimeoutName(type)} timeout",
            TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = type, LastHeartbeatDetails = activity.HeartbeatDetails },
        };
        var retryState = RetryState.Timeout;
        if (retryable)
        {
            if (TryRetryActivity(ex, activity, failure, nextRetryDelay: null, out var state))
            {
                return;
            }
            retryState = state;
        }
        WriteActivityStarted(ex, activity);
        var timedOut = NewEvent(EventType.ActivityTaskTimedOut, Now);
        timedOut.ActivityTaskTimedOutEventAttributes = new ActivityTaskTimedOutEventAttributes
        {
            Failure = failure,
            ScheduledEventId = activity.ScheduledEventId,
            StartedEventId = -1,
            RetryState = retryState,
        };
        AddEvent(ex, timedOut);
        ex.Activities.Remove(activity.ScheduledEventId);
        ScheduleWorkflowTask(ex);
    }

    private static string TimeoutName(TimeoutType type) => type switch
    {
        TimeoutType.ScheduleToStart => "ScheduleToStart",
        TimeoutType.ScheduleToClose => "ScheduleToClose",
        TimeoutType.StartToClose => "StartToClose",
        TimeoutType.Heartbeat => "Heartbeat",
        _ => type.ToString(),
    };

    /// <summary>The server-side retry decision for a failed attempt; on retry the activity goes back to its queue after the backoff.</summary>
    private bool TryRetryActivity(ExecutionState ex, ActivityInfo activity, Failure failure, TimeSpan? nextRetryDelay, out RetryState state)
    {
        state = RetryStateFor(activity, failure);
        if (state != RetryState.InProgress)
        {
            return false;
        }
        var policy = activity.RetryPolicy!;
        var backoff = nextRetryDelay ?? TimeSpan.FromMilliseconds(Math.Min(
            policy.InitialInterval.ToTimeSpan().TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, activity.Attempt - 1),
            policy.MaximumInterval.ToTimeSpan().TotalMilliseconds));
        var now = Now;
        if (activity.ScheduleToCloseTimeout is { } limit && now + backoff >= activity.ScheduledTime + limit)
        {
            state = RetryState.Timeout;
            return false;
        }
        if (ex.RunExpiration is { } runEnd && now + backoff >= runEnd)
        {
            state = RetryState.Timeout;
            return false;
        }
        activity.Attempt = activity.ResetRequested ? 1 : activity.Attempt + 1;
        activity.ResetRequested = false;
        activity.LastFailure = failure;
        activity.State = ActivityRunState.Backoff;
        activity.StartedTime = null;
        activity.LastHeartbeatTime = null;
        activity.RetryAt = now + backoff;
        MarkDirty(ex);
        ArmActivityRetry(ex, activity);
        return true;
    }

    private void ArmActivityRetry(ExecutionState ex, ActivityInfo activity)
    {
        var key = ex.Key;
        var scheduledEventId = activity.ScheduledEventId;
        var attempt = activity.Attempt;
        _timers.Schedule(activity.RetryAt!.Value, () => Mutate(() =>
        {
            if (FindRun(key) is { IsRunning: true } current
                && current.Activities.TryGetValue(scheduledEventId, out var pending)
                && pending.Attempt == attempt && pending.State == ActivityRunState.Backoff && !pending.Paused)
            {
                pending.CurrentAttemptScheduledTime = Now;
                DispatchActivity(current, pending);
                MarkDirty(current);
            }
        }));
    }

    private static RetryState RetryStateFor(ActivityInfo activity, Failure failure)
    {
        var policy = activity.RetryPolicy;
        if (policy is null)
        {
            return RetryState.RetryPolicyNotSet;
        }
        if (failure.ApplicationFailureInfo is { } app)
        {
            if (app.NonRetryable || policy.NonRetryableErrorTypes.Contains(app.Type))
            {
                return RetryState.NonRetryableFailure;
            }
        }
        if (failure.TimeoutFailureInfo is { TimeoutType: TimeoutType.ScheduleToStart or TimeoutType.ScheduleToClose })
        {
            return RetryState.Timeout;
        }
        if (policy.MaximumAttempts > 0 && activity.Attempt >= policy.MaximumAttempts)
        {
            return RetryState.MaximumAttemptsReached;
        }
        return RetryState.InProgress;
    }

    /// <summary>ActivityTaskStarted is written only when the attempt ends, with the attempt number and last failure.</summary>
    private void WriteActivityStarted(ExecutionState ex, ActivityInfo activity)
    {
        var started = NewEvent(EventType.ActivityTaskStarted, activity.StartedTime ?? Now);
        started.ActivityTaskStartedEventAttributes = new ActivityTaskStartedEventAttributes
        {
            ScheduledEventId = activity.ScheduledEventId,
            Identity = activity.StartedIdentity ?? string.Empty,
            RequestId = activity.StartedRequestId ?? Guid.NewGuid().ToString(),
            Attempt = activity.Attempt,
            LastFailure = activity.LastFailure,
        };
        AddEvent(ex, started);
    }

    public Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(PollActivityTaskQueueRequest request, CancellationToken cancellationToken) =>
        PollAsync(request.Namespace, request.TaskQueue?.Name, QueueKind.Activity, request.Identity, task => TryStartActivity(task, request.Identity), cancellationToken);

    private PollActivityTaskQueueResponse? TryStartActivity(QueuedTask task, string identity)
    {
        if (FindRun(task.Execution) is not { IsRunning: true } ex
            || !ex.Activities.TryGetValue(task.ScheduledEventId, out var activity)
            || activity.Attempt != task.Attempt || activity.State != ActivityRunState.Scheduled)
        {
            return null;
        }
        var now = Now;
        activity.State = ActivityRunState.Started;
        activity.StartedTime = now;
        activity.StartedIdentity = identity;
        activity.StartedRequestId = Guid.NewGuid().ToString();
        activity.LastWorkerIdentity = identity;
        MarkDirty(ex);
        ArmActivityTimeout(ex, activity, now + activity.StartToCloseTimeout!.Value, TimeoutType.StartToClose);
        if (activity.HeartbeatTimeout is { } heartbeat)
        {
            ArmActivityTimeout(ex, activity, now + heartbeat, TimeoutType.Heartbeat);
        }
        var scheduled = ex.History[(int)activity.ScheduledEventId - 1].ActivityTaskScheduledEventAttributes;
        return new PollActivityTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.ActivityTask, ex.Namespace, ex.WorkflowId, ex.RunId, activity.ScheduledEventId, activity.Attempt, string.Empty).Encode(),
            WorkflowNamespace = ex.Namespace,
            WorkflowType = new WorkflowType { Name = ex.WorkflowType },
            WorkflowExecution = new WorkflowExecution { WorkflowId = ex.WorkflowId, RunId = ex.RunId },
            ActivityType = scheduled.ActivityType,
            ActivityId = activity.ActivityId,
            Header = scheduled.Header,
            Input = scheduled.Input,
            HeartbeatDetails = activity.HeartbeatDetails,
            ScheduledTime = Timestamp.FromDateTime(activity.ScheduledTime),
            CurrentAttemptScheduledTime = Timestamp.FromDateTime(activity.CurrentAttemptScheduledTime),
            StartedTime = Timestamp.FromDateTime(now),
            Attempt = activity.Attempt,
            ScheduleToCloseTimeout = scheduled.ScheduleToCloseTimeout ?? Duration.FromTimeSpan(TimeSpan.Zero),
            StartToCloseTimeout = scheduled.StartToCloseTimeout,
            HeartbeatTimeout = scheduled.HeartbeatTimeout ?? Duration.FromTimeSpan(TimeSpan.Zero),
            RetryPolicy = activity.RetryPolicy,
            Priority = scheduled.Priority,
        };
    }

    private (ExecutionState Execution, ActivityInfo Activity) RequireStartedActivity(ByteString token, string ns)
    {
        var decoded = TaskToken.TryDecode(token);
        if (decoded is null || decoded.Kind != TaskTokenKind.ActivityTask)
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
            throw ServerErrors.TaskNotFound("Activity task");
        }
        if (!ex.IsRunning)
        {
            throw ServerErrors.WorkflowCompleted();
        }
        if (!ex.Activities.TryGetValue(decoded.ScheduledEventId, out var activity)
            || activity.Attempt != decoded.Attempt || activity.State != ActivityRunState.Started)
        {
            throw ServerErrors.TaskNotFound("Activity task");
        }
        return (ex, activity);
    }

    private (ExecutionState Execution, ActivityInfo Activity) RequireStartedActivityById(string ns, string workflowId, string? runId, string activityId)
    {
        var ex = RequireRun(ns, workflowId, runId);
        if (!ex.IsRunning)
        {
            throw ServerErrors.WorkflowCompleted();
        }
        var activity = ex.Activities.Values.FirstOrDefault(a => a.ActivityId == activityId)
            ?? throw ServerErrors.TaskNotFound("Activity task");
        if (activity.State != ActivityRunState.Started)
        {
            throw ServerErrors.TaskNotFound("Activity task");
        }
        return (ex, activity);
    }

    /// <summary>Records a heartbeat; the answer tells the worker whether cancellation was requested.</summary>
    public bool RecordHeartbeat(ByteString token, string ns, Payloads? details) =>
        RecordHeartbeatResponse(token, ns, details).CancelRequested;

    /// <summary>Records a heartbeat; the answer tells the worker whether the activity was cancelled, paused or reset meanwhile.</summary>
    public RecordActivityTaskHeartbeatResponse RecordHeartbeatResponse(ByteString token, string ns, Payloads? details) => Mutate(() =>
    {
        var (ex, activity) = RequireStartedActivity(token, ns);
        return new RecordActivityTaskHeartbeatResponse
        {
            CancelRequested = Heartbeat(ex, activity, details),
            ActivityPaused = activity.Paused,
            ActivityReset = activity.ResetRequested,
        };
    });

    public bool RecordHeartbeatById(RecordActivityTaskHeartbeatByIdRequest request) => Mutate(() =>
    {
        var (ex, activity) = RequireStartedActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
        return Heartbeat(ex, activity, request.Details);
    });

    private bool Heartbeat(ExecutionState ex, ActivityInfo activity, Payloads? details)
    {
        activity.LastHeartbeatTime = Now;
        if (details is not null)
        {
            activity.HeartbeatDetails = details;
        }
        MarkDirty(ex);
        return activity.CancelRequested;
    }

    public void CompleteActivity(ByteString token, string ns, Payloads? result, string identity) => Mutate(() =>
    {
        var (ex, activity) = RequireStartedActivity(token, ns);
        CompleteActivity(ex, activity, result, identity);
    });

    public void CompleteActivityById(RespondActivityTaskCompletedByIdRequest request) => Mutate(() =>
    {
        var (ex, activity) = RequireStartedActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
        CompleteActivity(ex, activity, request.Result, request.Identity);
    });

    private void CompleteActivity(ExecutionState ex, ActivityInfo activity, Payloads? result, string identity)
    {
        WriteActivityStarted(ex, activity);
        var completed = NewEvent(EventType.ActivityTaskCompleted, Now);
        completed.ActivityTaskCompletedEventAttributes = new ActivityTaskCompletedEventAttributes
        {
            Result = result,
            ScheduledEventId = activity.ScheduledEventId,
            StartedEventId = -1,
            Identity = identity,
        };
        AddEvent(ex, completed);
        ex.Activities.Remove(activity.ScheduledEventId);
        ScheduleWorkflowTask(ex);
    }

    public void FailActivity(ByteString token, string ns, Failure? failure, string identity, Payloads? lastHeartbeatDetails) => Mutate(() =>
    {
        var (ex, activity) = RequireStartedActivity(token, ns);
        FailActivity(ex, activity, failure, identity, lastHeartbeatDetails);
    });

    public void FailActivityById(RespondActivityTaskFailedByIdRequest request) => Mutate(() =>
    {
        var (ex, activity) = RequireStartedActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
        FailActivity(ex, activity, request.Failure, request.Identity, request.LastHeartbeatDetails);
    });

    private void FailActivity(ExecutionState ex, ActivityInfo activity, Failure? failure, string identity, Payloads? lastHeartbeatDetails)
    {
        failure ??= new Failure { Message = "activity failed", ApplicationFailureInfo = new ApplicationFailureInfo() };
        if (lastHeartbeatDetails is not null)
        {
            activity.HeartbeatDetails = lastHeartbeatDetails;
        }
        var nextDelay = Positive(failure.ApplicationFailureInfo?.NextRetryDelay);
        var retryState = RetryState.CancelRequested;
        if (!activity.CancelRequested && TryRetryActivity(ex, activity, failure, nextDelay, out retryState))
        {
            return;
        }
        WriteActivityStarted(ex, activity);
        var failed = NewEvent(EventType.ActivityTaskFailed, Now);
        failed.ActivityTaskFailedEventAttributes = new ActivityTaskFailedEventAttributes
        {
            Failure = failure,
            ScheduledEventId = activity.ScheduledEventId,
            StartedEventId = -1,
            Identity = identity,
            RetryState = retryState,
        };
        AddEvent(ex, failed);
        ex.Activities.Remove(activity.ScheduledEventId);
        ScheduleWorkflowTask(ex);
    }

    public void CancelActivity(ByteString token, string ns, Payloads? details, string identity) => Mutate(() =>
    {
        var (ex, activity) = RequireStartedActivity(token, ns);
        ConfirmActivityCanceled(ex, activity, details, identity);
    });

    public void CancelActivityById(RespondActivityTaskCanceledByIdRequest request) => Mutate(() =>
    {
        var (ex, activity) = RequireStartedActivityById(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId);
        ConfirmActivityCanceled(ex, activity, request.Details, request.Identity);
    });

    private void ConfirmActivityCanceled(ExecutionState ex, ActivityInfo activity, Payloads? details, string identity)
    {
        if (!activity.CancelRequested && activity.Paused)
        {
            // The worker stopped the attempt because the activity was paused: it waits, paused, for its next attempt.
            var failure = new Failure { Message = "activity paused", CanceledFailureInfo = new CanceledFailureInfo { Details = details } };
            TryRetryActivity(ex, activity, failure, nextRetryDelay: TimeSpan.Zero, out _);
            return;
        }
        if (!activity.CancelRequested)
        {
            throw ServerErrors.FailedPrecondition("Activity cancellation was not requested.");
        }
        WriteActivityStarted(ex, activity);
        AddEvent(ex, ActivityCanceledEvent(activity, details, identity, startedEventId: -1));
        ex.Activities.Remove(activity.ScheduledEventId);
        ScheduleWorkflowTask(ex);
    }

    private HistoryEvent ActivityCanceledEvent(ActivityInfo activity, Payloads? details, string identity, long startedEventId)
    {
        var canceled = NewEvent(EventType.ActivityTaskCanceled, Now);
        canceled.ActivityTaskCanceledEventAttributes = new ActivityTaskCanceledEventAttributes
        {
            Details = details,
            LatestCancelRequestedEventId = activity.CancelRequestedEventId,
            ScheduledEventId = activity.ScheduledEventId,
            StartedEventId = startedEventId,
            Identity = identity,
        };
        return canceled;
    }

    private void RequestCancelActivity(ExecutionState ex, long scheduledEventId, long completedEventId)
    {
        var requested = NewEvent(EventType.ActivityTaskCancelRequested, Now);
        requested.ActivityTaskCancelRequestedEventAttributes = new ActivityTaskCancelRequestedEventAttributes
        {
            ScheduledEventId = scheduledEventId,
            WorkflowTaskCompletedEventId = completedEventId,
        };
        Append(ex, requested);
        if (!ex.Activities.TryGetValue(scheduledEventId, out var activity))
        {
            return;
        }
        activity.CancelRequested = true;
        activity.CancelRequestedEventId = requested.EventId;
        if (activity.State != ActivityRunState.Started)
        {
            // Never handed to a worker (or waiting for a retry): cancelled at once.
            _matching.RemoveAll(t => t.Execution == ex.Key && t.ScheduledEventId == scheduledEventId && t.QueryId is null);
            Append(ex, ActivityCanceledEvent(activity, null, string.Empty, startedEventId: 0));
            ex.Activities.Remove(scheduledEventId);
        }
    }

    private void StartTimer(ExecutionState ex, StartTimerCommandAttributes a, long completedEventId)
    {
        var now = Now;
        var started = NewEvent(EventType.TimerStarted, now);
        started.TimerStartedEventAttributes = new TimerStartedEventAttributes
        {
            TimerId = a.TimerId,
            StartToFireTimeout = a.StartToFireTimeout,
            WorkflowTaskCompletedEventId = completedEventId,
        };
        Append(ex, started);
        var timer = new TimerInfo
        {
            StartedEventId = started.EventId,
            TimerId = a.TimerId,
            FireTime = now + (a.StartToFireTimeout?.ToTimeSpan() ?? TimeSpan.Zero),
        };
        ex.Timers[timer.StartedEventId] = timer;
        ArmTimer(ex, timer);
    }

    private void ArmTimer(ExecutionState ex, TimerInfo timer)
    {
        var key = ex.Key;
        var startedEventId = timer.StartedEventId;
        _timers.Schedule(timer.FireTime, () => Mutate(() =>
        {
            if (FindRun(key) is { IsRunning: true } current && current.Timers.Remove(startedEventId, out var pending))
            {
                var fired = NewEvent(EventType.TimerFired, Now);
                fired.TimerFiredEventAttributes = new TimerFiredEventAttributes
                {
                    TimerId = pending.TimerId,
                    StartedEventId = pending.StartedEventId,
                };
                AddEvent(current, fired);
                ScheduleWorkflowTask(current);
            }
        }));
    }

    private void CancelTimer(ExecutionState ex, string timerId, long completedEventId, string identity)
    {
        var timer = ex.Timers.Values.FirstOrDefault(t => t.TimerId == timerId);
        if (timer is null)
        {
            return;
        }
        ex.Timers.Remove(timer.StartedEventId);
        var canceled = NewEvent(EventType.TimerCanceled, Now);
        canceled.TimerCanceledEventAttributes = new TimerCanceledEventAttributes
        {
            TimerId = timerId,
            StartedEventId = timer.StartedEventId,
            WorkflowTaskCompletedEventId = completedEventId,
            Identity = identity,
        };
        Append(ex, canceled);
    }
}
