using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed record StartOutcome(string RunId, bool Started);

public sealed partial class ServerEngine
{
    public StartOutcome StartWorkflow(StartWorkflowExecutionRequest request) =>
        Mutate(() => StartWorkflowLocked(request, signal: null));

    public StartOutcome SignalWithStart(SignalWithStartWorkflowExecutionRequest request) => Mutate(() =>
    {
        RequireNamespace(request.Namespace);
        if (string.IsNullOrEmpty(request.SignalName))
        {
            throw ServerErrors.InvalidArgument("SignalName is not set on request.");
        }
        if (_currentRuns.TryGetValue((request.Namespace, request.WorkflowId), out var current) && current.IsRunning
            && request.WorkflowIdConflictPolicy != WorkflowIdConflictPolicy.TerminateExisting)
        {
            SignalLocked(current, request.SignalName, request.SignalInput, request.Identity, request.Header, request.RequestId);
            return new StartOutcome(current.RunId, false);
        }
        var start = new StartWorkflowExecutionRequest
        {
            Namespace = request.Namespace,
            WorkflowId = request.WorkflowId,
            WorkflowType = request.WorkflowType,
            TaskQueue = request.TaskQueue,
            Input = request.Input,
            WorkflowExecutionTimeout = request.WorkflowExecutionTimeout,
            WorkflowRunTimeout = request.WorkflowRunTimeout,
            WorkflowTaskTimeout = request.WorkflowTaskTimeout,
            Identity = request.Identity,
            RequestId = request.RequestId,
            WorkflowIdReusePolicy = request.WorkflowIdReusePolicy,
            WorkflowIdConflictPolicy = request.WorkflowIdConflictPolicy == WorkflowIdConflictPolicy.TerminateExisting
                ? WorkflowIdConflictPolicy.TerminateExisting : WorkflowIdConflictPolicy.Fail,
            RetryPolicy = request.RetryPolicy,
            CronSchedule = request.CronSchedule,
            Memo = request.Memo,
            SearchAttributes = request.SearchAttributes,
            Header = request.Header,
            WorkflowStartDelay = request.WorkflowStartDelay,
        };
        return StartWorkflowLocked(start, (request.SignalName, request.SignalInput, request.Header));
    });

    private StartOutcome StartWorkflowLocked(StartWorkflowExecutionRequest request, (string Name, Payloads? Input, Header? Header)? signal)
    {
        RequireNamespace(request.Namespace);
        ValidateStart(request);
        RequireKnownSearchAttributes(request.Namespace, request.SearchAttributes);
        if (_currentRuns.TryGetValue((request.Namespace, request.WorkflowId), out var current))
        {
            if (current.IsRunning)
            {
                if (!string.IsNullOrEmpty(request.RequestId) && request.RequestId == current.StartRequestId)
                {
                    return new StartOutcome(current.RunId, false);
                }
                var conflict = request.WorkflowIdConflictPolicy;
                if (conflict == WorkflowIdConflictPolicy.UseExisting)
                {
                    return new StartOutcome(current.RunId, false);
                }
                if (conflict == WorkflowIdConflictPolicy.TerminateExisting
                    || request.WorkflowIdReusePolicy == WorkflowIdReusePolicy.TerminateIfRunning)
                {
                    TerminateLocked(current, "terminated by a new start with the same workflow id", request.Identity);
                }
                else
                {
                    throw ServerErrors.AlreadyStarted(request.WorkflowId, current.RunId, current.StartRequestId);
                }
            }
            else
            {
                switch (request.WorkflowIdReusePolicy)
                {
                    case WorkflowIdReusePolicy.RejectDuplicate:
                        throw ServerErrors.AlreadyStarted(request.WorkflowId, current.RunId, current.StartRequestId);
                    case WorkflowIdReusePolicy.AllowDuplicateFailedOnly when current.Status is WorkflowExecutionStatus.Completed:
                        throw ServerErrors.AlreadyStarted(request.WorkflowId, current.RunId, current.StartRequestId);
                }
            }
        }

        var now = Now;
        var attributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowType = request.WorkflowType,
            TaskQueue = request.TaskQueue,
            Input = request.Input,
            WorkflowExecutionTimeout = request.WorkflowExecutionTimeout,
            WorkflowRunTimeout = request.WorkflowRunTimeout ?? request.WorkflowExecutionTimeout,
            WorkflowTaskTimeout = request.WorkflowTaskTimeout is { } wt && wt.ToTimeSpan() > TimeSpan.Zero ? wt : Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Identity = request.Identity,
            Attempt = 1,
            Memo = request.Memo,
            SearchAttributes = request.SearchAttributes,
            Header = request.Header,
            RetryPolicy = request.RetryPolicy,
            CronSchedule = request.CronSchedule,
            FirstWorkflowTaskBackoff = request.WorkflowStartDelay,
            WorkflowId = request.WorkflowId,
            Priority = request.Priority,
        };
        if (!string.IsNullOrEmpty(request.CronSchedule) && CronBackoff(request.CronSchedule, now + (request.WorkflowStartDelay?.ToTimeSpan() ?? TimeSpan.Zero)) is { } untilFirst)
        {
            // A cron workflow's first run waits for the first matching time.
            attributes.FirstWorkflowTaskBackoff = Duration.FromTimeSpan((request.WorkflowStartDelay?.ToTimeSpan() ?? TimeSpan.Zero) + untilFirst);
        }
        var run = CreateRun(request.Namespace, request.WorkflowId, request.RequestId, attributes, now, parent: null, firstRunId: null, userMetadata: request.UserMetadata);
        if (signal is { } s)
        {
            var signaled = NewEvent(EventType.WorkflowExecutionSignaled, now);
            signaled.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
            {
                SignalName = s.Name,
                Input = s.Input,
                Identity = request.Identity,
                Header = s.Header,
            };
            Append(run, signaled);
        }
        ScheduleFirstWorkflowTask(run);
        return new StartOutcome(run.RunId, true);
    }

    private static void ValidateStart(StartWorkflowExecutionRequest request)
    {
        if (string.IsNullOrEmpty(request.WorkflowId))
        {
            throw ServerErrors.InvalidArgument("WorkflowId is not set on request.");
        }
        if (request.WorkflowId.Length > 1000)
        {
            throw ServerErrors.InvalidArgument("WorkflowId exceeds length limit.");
        }
        if (string.IsNullOrEmpty(request.WorkflowType?.Name))
        {
            throw ServerErrors.InvalidArgument("WorkflowType is not set on request.");
        }
        if (string.IsNullOrEmpty(request.TaskQueue?.Name))
        {
            throw ServerErrors.InvalidArgument("TaskQueue is not set on request.");
        }
        foreach (var duration in new[] { request.WorkflowExecutionTimeout, request.WorkflowRunTimeout, request.WorkflowTaskTimeout, request.WorkflowStartDelay })
        {
            if (duration is not null && duration.ToTimeSpan() < TimeSpan.Zero)
            {
                throw ServerErrors.InvalidArgument("Invalid negative timeout or delay on request.");
            }
        }
        if (!string.IsNullOrEmpty(request.CronSchedule) && CronBackoff(request.CronSchedule, DateTime.UtcNow) is null)
        {
            throw ServerErrors.InvalidArgument($"Invalid CronSchedule: {request.CronSchedule}.");
        }
    }

    /// <summary>Creates a run with its WorkflowExecutionStarted event and arms its timeouts.</summary>
    private ExecutionState CreateRun(string ns, string workflowId, string requestId, WorkflowExecutionStartedEventAttributes attributes,
        DateTime now, ParentInfo? parent, string? firstRunId, DateTime? executionExpiration = null, Temporalio.Api.Sdk.V1.UserMetadata? userMetadata = null)
    {
        var runId = Guid.NewGuid().ToString();
        attributes.OriginalExecutionRunId = runId;
        attributes.FirstExecutionRunId = firstRunId ?? runId;
        if (parent is not null)
        {
            attributes.ParentWorkflowNamespace = parent.Namespace;
            attributes.ParentWorkflowExecution = new WorkflowExecution { WorkflowId = parent.WorkflowId, RunId = parent.RunId };
            attributes.ParentInitiatedEventId = parent.InitiatedEventId;
        }
        var run = new ExecutionState
        {
            Namespace = ns,
            WorkflowId = workflowId,
            RunId = runId,
            FirstRunId = firstRunId ?? runId,
            WorkflowType = attributes.WorkflowType.Name,
            TaskQueue = attributes.TaskQueue.Name,
            StartRequestId = requestId,
            StartTime = now,
            ExecutionTime = now + (attributes.FirstWorkflowTaskBackoff?.ToTimeSpan() ?? TimeSpan.Zero),
            Memo = attributes.Memo,
            SearchAttributes = attributes.SearchAttributes,
            WorkflowTaskTimeout = attributes.WorkflowTaskTimeout.ToTimeSpan(),
            Parent = parent,
        };
        if (attributes.WorkflowExecutionTimeout is { } et && et.ToTimeSpan() > TimeSpan.Zero)
        {
            run.ExecutionExpiration = executionExpiration ?? now + et.ToTimeSpan();
            attributes.WorkflowExecutionExpirationTime = Timestamp.FromDateTime(run.ExecutionExpiration.Value);
        }
        else if (executionExpiration is not null)
        {
            run.ExecutionExpiration = executionExpiration;
        }
        if (attributes.WorkflowRunTimeout is { } rt && rt.ToTimeSpan() > TimeSpan.Zero)
        {
            run.RunExpiration = now + rt.ToTimeSpan();
        }
        if (run.ExecutionExpiration is { } limit && (run.RunExpiration is null || run.RunExpiration > limit))
        {
            run.RunExpiration = limit;
        }
        var started = NewEvent(EventType.WorkflowExecutionStarted, now);
        started.WorkflowExecutionStartedEventAttributes = attributes;
        started.UserMetadata = userMetadata;
        Append(run, started);
        _runs[(ns, runId)] = run;
        _currentRuns[(ns, workflowId)] = run;
        ArmRunTimeout(run);
        return run;
    }

    private void ScheduleFirstWorkflowTask(ExecutionState run)
    {
        var backoff = run.ExecutionTime - run.StartTime;
        if (backoff > TimeSpan.Zero)
        {
            run.FirstWorkflowTaskNotBefore = run.ExecutionTime;
            ArmFirstWorkflowTask(run);
        }
        else
        {
            ScheduleWorkflowTask(run);
        }
    }

    /// <summary>Schedules the delayed workflow task (start delay or retry backoff) when its time comes.</summary>
    private void ArmFirstWorkflowTask(ExecutionState run)
    {
        var key = run.Key;
        _timers.Schedule(run.FirstWorkflowTaskNotBefore!.Value, () => Mutate(() =>
        {
            if (FindRun(key) is { IsRunning: true, FirstWorkflowTaskNotBefore: not null } current && current.WorkflowTask is null)
            {
                current.FirstWorkflowTaskNotBefore = null;
                ScheduleWorkflowTask(current, current.NextWorkflowTaskAttempt);
                current.NextWorkflowTaskAttempt = 1;
                RedistributeQueries(current);
            }
        }));
    }

    private void ArmRunTimeout(ExecutionState run)
    {
        if (run.RunExpiration is not { } expiration)
        {
            return;
        }
        var key = run.Key;
        _timers.Schedule(expiration, () => Mutate(() =>
        {
            if (FindRun(key) is { IsRunning: true } current && current.RunExpiration is { } at && at <= Now)
            {
                var timedOut = NewEvent(EventType.WorkflowExecutionTimedOut, Now);
                timedOut.WorkflowExecutionTimedOutEventAttributes = new WorkflowExecutionTimedOutEventAttributes
                {
                    RetryState = RetryState.Timeout,
                };
                var failure = new Temporalio.Api.Failure.V1.Failure
                {
                    Message = "workflow run timed out",
                    TimeoutFailureInfo = new Temporalio.Api.Failure.V1.TimeoutFailureInfo { TimeoutType = TimeoutType.StartToClose },
                };
                CloseWithRetryOrCron(current, WorkflowExecutionStatus.TimedOut, timedOut, failure, result: null, discardBuffered: true);
            }
        }));
    }
}
