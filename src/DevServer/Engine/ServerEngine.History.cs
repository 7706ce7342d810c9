
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    private const int DefaultHistoryPageSize = 1000;

    public async Task<GetWorkflowExecutionHistoryResponse> GetHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        var closeOnly = request.HistoryEventFilterType == HistoryEventFilterType.CloseEvent;
        long from = 1;
        if (!request.NextPageToken.IsEmpty)
        {
            if (!long.TryParse(request.NextPageToken.ToStringUtf8(), out from) || from < 1)
            {
                throw ServerErrors.InvalidArgument("Invalid NextPageToken.");
            }
        }
        var pageSize = request.MaximumPageSize > 0 ? request.MaximumPageSize : DefaultHistoryPageSize;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var ex = RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
                var response = new GetWorkflowExecutionHistoryResponse { History = new History() };
                if (closeOnly)
                {
                    if (!ex.IsRunning)
                    {
                        response.History.Events.Add(ex.History[^1]);
                        return response;
                    }
                }
                else
                {
                    var available = ex.History.Count - (from - 1);
                    if (available > 0 || !request.WaitNewEvent || !ex.IsRunning)
                    {
                        var take = (int)Math.Min(Math.Max(available, 0), pageSize);
                        response.History.Events.AddRange(ex.History.Skip((int)from - 1).Take(take));
                        var next = from + take;
                        if (next <= ex.History.Count || (request.WaitNewEvent && ex.IsRunning))
                        {
                            response.NextPageToken = ByteString.CopyFromUtf8(next.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }
                        return response;
                    }
                }
                if (!request.WaitNewEvent)
                {
                    return response;
                }
                changed = WaitForChange(ex);
            }
            try
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Nothing new yet: the caller polls again with this token.
                return new GetWorkflowExecutionHistoryResponse
                {
                    History = new History(),
                    NextPageToken = ByteString.CopyFromUtf8(from.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                };
            }
        }
    }

    public GetWorkflowExecutionHistoryReverseResponse GetHistoryReverse(GetWorkflowExecutionHistoryReverseRequest request)
    {
        lock (_gate)
        {
            var ex = RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
            var last = ex.History.Count;
            if (!request.NextPageToken.IsEmpty && !int.TryParse(request.NextPageToken.ToStringUtf8(), out last))
            {
                throw ServerErrors.InvalidArgument("Invalid NextPageToken.");
            }
            var pageSize = request.MaximumPageSize > 0 ? request.MaximumPageSize : DefaultHistoryPageSize;
            var response = new GetWorkflowExecutionHistoryReverseResponse { History = new History() };
            var first = Math.Max(1, last - pageSize + 1);
            for (var id = last; id >= first; id--)
            {
                response.History.Events.Add(ex.History[id - 1]);
            }
            if (first > 1)
            {
                response.NextPageToken = ByteString.CopyFromUtf8((first - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return response;
        }
    }

    public DescribeWorkflowExecutionResponse Describe(DescribeWorkflowExecutionRequest request)
    {
        lock (_gate)
        {
            var ex = RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
            var started = ex.History[0].WorkflowExecutionStartedEventAttributes;
            var response = new DescribeWorkflowExecutionResponse
            {
                ExecutionConfig = new WorkflowExecutionConfig
                {
                    TaskQueue = new TaskQueue { Name = ex.TaskQueue, Kind = TaskQueueKind.Normal },
                    WorkflowExecutionTimeout = started.WorkflowExecutionTimeout,
                    WorkflowRunTimeout = started.WorkflowRunTimeout,
                    DefaultWorkflowTaskTimeout = started.WorkflowTaskTimeout,
                    UserMetadata = ex.History[0].UserMetadata,
                },
                WorkflowExtendedInfo = ExtendedInfo(ex),
                WorkflowExecutionInfo = ToExecutionInfo(ex),
            };
            foreach (var activity in ex.Activities.Values.OrderBy(a => a.ScheduledEventId))
            {
                var info = new PendingActivityInfo
                {
                    ActivityId = activity.ActivityId,
                    ActivityType = new ActivityType { Name = activity.ActivityType },
                    State = activity.CancelRequested ? PendingActivityState.CancelRequested
                        : activity.Paused ? (activity.State == ActivityRunState.Started ? PendingActivityState.PauseRequested : PendingActivityState.Paused)
                        : activity.State == ActivityRunState.Started ? PendingActivityState.Started : PendingActivityState.Scheduled,
                    Paused = activity.Paused,
                    HeartbeatDetails = activity.HeartbeatDetails,
                    Attempt = activity.Attempt,
                    MaximumAttempts = activity.RetryPolicy?.MaximumAttempts ?? 0,
                    ScheduledTime = Timestamp.FromDateTime(activity.CurrentAttemptScheduledTime),
                    LastFailure = activity.LastFailure,
                    LastWorkerIdentity = activity.LastWorkerIdentity ?? string.Empty,
                };
                if (activity.Paused)
                {
                    info.PauseInfo = new PendingActivityInfo.Types.PauseInfo
                    {
                        PauseTime = Timestamp.FromDateTime(activity.PausedTime ?? Now),
                        Manual = new PendingActivityInfo.Types.PauseInfo.Types.Manual { Identity = activity.PausedBy ?? string.Empty, Reason = activity.PauseReason ?? string.Empty },
                    };
                }
                if (activity.LastHeartbeatTime is { } heartbeat)
                {
                    info.LastHeartbeatTime = Timestamp.FromDateTime(heartbeat);
                }
                if (activity.StartedTime is { } startedTime)
                {
                    info.LastStartedTime = Timestamp.FromDateTime(startedTime);
                }
                if (activity.RetryAt is { } retryAt)
                {
                    info.NextAttemptScheduleTime = Timestamp.FromDateTime(retryAt);
                }
                if (activity.ScheduleToCloseTimeout is { } limit)
                {
                    info.ExpirationTime = Timestamp.FromDateTime(activity.ScheduledTime + limit);
                }
                response.PendingActivities.Add(info);
            }
            foreach (var child in ex.Children.Values.OrderBy(c => c.InitiatedEventId))
            {
                response.PendingChildren.Add(new PendingChildExecutionInfo
                {
                    WorkflowId = child.WorkflowId,
                    RunId = child.RunId,
                    WorkflowTypeName = child.WorkflowType,
                    InitiatedId = child.InitiatedEventId,
                    ParentClosePolicy = child.ClosePolicy,
                });
            }
            if (ex.WorkflowTask is { } wt)
            {
                response.PendingWorkflowTask = new PendingWorkflowTaskInfo
                {
                    State = wt.Started ? PendingWorkflowTaskState.Started : PendingWorkflowTaskState.Scheduled,
                    ScheduledTime = Timestamp.FromDateTime(wt.ScheduledTime),
                    OriginalScheduledTime = Timestamp.FromDateTime(wt.ScheduledTime),
                    StartedTime = wt.StartedTime is { } st ? Timestamp.FromDateTime(st) : null,
                    Attempt = wt.Attempt,
                };
            }
            return response;
        }
    }

    private static WorkflowExecutionInfo ToExecutionInfo(ExecutionState ex)
    {
        var info = new WorkflowExecutionInfo
        {
            Execution = new WorkflowExecution { WorkflowId = ex.WorkflowId, RunId = ex.RunId },
            Type = new WorkflowType { Name = ex.WorkflowType },
            StartTime = Timestamp.FromDateTime(ex.StartTime),
            ExecutionTime = Timestamp.FromDateTime(ex.ExecutionTime),
            Status = ex.Status,
            HistoryLength = ex.History.Count,
            Memo = ex.Memo ?? new Memo(),
            SearchAttributes = ex.SearchAttributes ?? new SearchAttributes(),
            TaskQueue = ex.TaskQueue,
            StateTransitionCount = ex.History.Count,
            HistorySizeBytes = HistorySizeBytes(ex),
            FirstRunId = ex.FirstRunId,
            Priority = ex.History[0].WorkflowExecutionStartedEventAttributes.Priority,
            RootExecution = ex.History[0].WorkflowExecutionStartedEventAttributes.RootWorkflowExecution
                ?? new WorkflowExecution { WorkflowId = ex.WorkflowId, RunId = ex.RunId },
        };
        if (ex.CloseTime is { } closed)
        {
            info.CloseTime = Timestamp.FromDateTime(closed);
            info.ExecutionDuration = Duration.FromTimeSpan(closed - ex.ExecutionTime > TimeSpan.Zero ? closed - ex.ExecutionTime : TimeSpan.Zero);
        }
        if (ex.Parent is { } parent)
        {
            info.ParentNamespaceId = parent.Namespace;
            info.ParentExecution = new WorkflowExecution { WorkflowId = parent.WorkflowId, RunId = parent.RunId };
        }
        return info;
    }

    /// <summary>Size of the history as the SDK counts it (the sum of the encoded events).</summary>
    private static long HistorySizeBytes(ExecutionState ex)
    {
        // Histories only grow (a reset makes a new run), so the sum is extended, not recomputed.
        for (; ex.SizedEventCount < ex.History.Count; ex.SizedEventCount++)
        {
            ex.SizedBytes += ex.History[ex.SizedEventCount].CalculateSize();
        }
        return ex.SizedBytes;
    }

    private static WorkflowExecutionExtendedInfo ExtendedInfo(ExecutionState ex)
    {
        var info = new WorkflowExecutionExtendedInfo
        {
            CancelRequested = ex.CancelRequested,
            OriginalStartTime = Timestamp.FromDateTime(ex.OriginalStartTime ?? ex.StartTime),
            ResetRunId = ex.ResetRunId ?? string.Empty,
        };
        if (ex.ExecutionExpiration is { } execution)
        {
            info.ExecutionExpirationTime = Timestamp.FromDateTime(execution);
        }
        if (ex.RunExpiration is { } run)
        {
            info.RunExpirationTime = Timestamp.FromDateTime(run);
        }
        if (ex.LastResetTime is { } reset)
        {
            info.LastResetTime = Timestamp.FromDateTime(reset);
        }
        return info;
    }

    /// <summary>After a restart, puts every pending task, timer and deadline of a running execution back in motion.</summary>
    private void Rearm(ExecutionState ex)
    {
        ArmRunTimeout(ex);
        if (ex.FirstWorkflowTaskNotBefore is not null)
        {
            ArmFirstWorkflowTask(ex);
        }
        // The sticky workers of before the restart are gone.
        ex.StickyQueue = null;
        if (ex.WorkflowTask is { } wt)
        {
            wt.TaskQueue = wt.Started ? wt.TaskQueue : ex.TaskQueue;
            if (wt.Started)
            {
                ArmWorkflowTaskTimeout(ex, wt);
            }
            else
            {
                _matching.Offer(ex.Namespace, wt.TaskQueue, QueueKind.Workflow, new QueuedTask(ex.Key, wt.ScheduledEventId, wt.Attempt));
            }
        }
        foreach (var activity in ex.Activities.Values)
        {
            ArmActivityScheduleToClose(ex, activity);
            switch (activity.State)
            {
                case ActivityRunState.Scheduled:
                    DispatchActivity(ex, activity);
                    break;
                case ActivityRunState.Started:
                    ArmActivityTimeout(ex, activity, activity.StartedTime!.Value + activity.StartToCloseTimeout!.Value, TimeoutType.StartToClose);
                    if (activity.HeartbeatTimeout is { } heartbeat)
                    {
                        ArmActivityTimeout(ex, activity, (activity.LastHeartbeatTime ?? activity.StartedTime.Value) + heartbeat, TimeoutType.Heartbeat);
                    }
                    break;
                case ActivityRunState.Backoff:
                    ArmActivityRetry(ex, activity);
                    break;
            }
        }
        foreach (var timer in ex.Timers.Values)
        {
            ArmTimer(ex, timer);
        }
    }

}
