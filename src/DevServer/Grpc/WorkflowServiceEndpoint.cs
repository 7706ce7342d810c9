using CoderBootstrap.DevServer.Engine;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.Replication.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Grpc;

/// <summary>
/// The RPCs of Temporal's WorkflowService this server implements; each public method is bound by
/// name by <see cref="WorkflowServiceBinder"/>. Long polls end before the caller's deadline with an
/// empty answer, as a real frontend does.
/// </summary>
[BindServiceMethod(typeof(WorkflowServiceBinder), nameof(WorkflowServiceBinder.BindService))]
public sealed class WorkflowServiceEndpoint
{
    private static readonly TimeSpan MaxLongPoll = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(500);
    private readonly ServerEngine _engine;

    public WorkflowServiceEndpoint(ServerEngine engine) => _engine = engine;

    /// <summary>How long a long poll may wait: until just before the caller's deadline, at most a minute.</summary>
    internal static TimeSpan LongPollLimit { get; set; } = MaxLongPoll;

    private static CancellationTokenSource LongPoll(ServerCallContext context)
    {
        var limit = LongPollLimit;
        if (context.Deadline < DateTime.MaxValue.AddDays(-1))
        {
            var untilDeadline = context.Deadline.ToUniversalTime() - DateTime.UtcNow - DeadlineMargin;
            if (untilDeadline < limit)
            {
                limit = untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero;
            }
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        cts.CancelAfter(limit);
        return cts;
    }

    public Task<GetSystemInfoResponse> GetSystemInfo(GetSystemInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetSystemInfoResponse
        {
            ServerVersion = "1.27.0",
            Capabilities = new GetSystemInfoResponse.Types.Capabilities
            {
                SignalAndQueryHeader = true,
                InternalErrorDifferentiation = true,
                ActivityFailureIncludeHeartbeat = true,
                SupportsSchedules = true,
                EncodedFailureAttributes = true,
                UpsertMemo = true,
                SdkMetadata = true,
                CountGroupByExecutionStatus = true,
            },
        });

    public Task<GetClusterInfoResponse> GetClusterInfo(GetClusterInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetClusterInfoResponse
        {
            ClusterName = "coder-bootstrap-devserver",
            ClusterId = "coder-bootstrap-devserver",
            ServerVersion = "1.27.0",
            HistoryShardCount = 1,
            PersistenceStore = "embedded",
            VisibilityStore = "embedded",
        });

    public Task<DescribeNamespaceResponse> DescribeNamespace(DescribeNamespaceRequest request, ServerCallContext context) =>
        Task.FromResult(ToDescription(_engine.DescribeNamespace(request.Namespace)));

    public Task<ListNamespacesResponse> ListNamespaces(ListNamespacesRequest request, ServerCallContext context)
    {
        var response = new ListNamespacesResponse();
        response.Namespaces.AddRange(_engine.ListNamespaces().Select(ToDescription));
        return Task.FromResult(response);
    }

    public Task<RegisterNamespaceResponse> RegisterNamespace(RegisterNamespaceRequest request, ServerCallContext context)
    {
        _engine.RegisterNamespace(request.Namespace, request.WorkflowExecutionRetentionPeriod?.ToTimeSpan() ?? TimeSpan.FromDays(1), request.Description);
        return Task.FromResult(new RegisterNamespaceResponse());
    }

    private static DescribeNamespaceResponse ToDescription(Persistence.NamespaceRecord record) => new()
    {
        NamespaceInfo = new NamespaceInfo
        {
            Name = record.Name,
            Id = record.Id,
            State = NamespaceState.Registered,
            Description = record.Description,
            Capabilities = new NamespaceInfo.Types.Capabilities { EagerWorkflowStart = false, SyncUpdate = true, AsyncUpdate = true },
        },
        Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = Duration.FromTimeSpan(record.Retention) },
        ReplicationConfig = new NamespaceReplicationConfig { ActiveClusterName = "active" },
        IsGlobalNamespace = false,
    };

    public Task<GetSearchAttributesResponse> GetSearchAttributes(GetSearchAttributesRequest request, ServerCallContext context)
    {
        var response = new GetSearchAttributesResponse();
        foreach (var (name, type) in new (string, IndexedValueType)[]
        {
            ("WorkflowId", IndexedValueType.Keyword), ("RunId", IndexedValueType.Keyword), ("WorkflowType", IndexedValueType.Keyword),
            ("ExecutionStatus", IndexedValueType.Keyword), ("StartTime", IndexedValueType.Datetime), ("CloseTime", IndexedValueType.Datetime),
            ("ExecutionTime", IndexedValueType.Datetime), ("TaskQueue", IndexedValueType.Keyword),
            ("TemporalScheduledStartTime", IndexedValueType.Datetime), ("TemporalScheduledById", IndexedValueType.Keyword),
        })
        {
            response.Keys[name] = type;
        }
        return Task.FromResult(response);
    }

    public Task<StartWorkflowExecutionResponse> StartWorkflowExecution(StartWorkflowExecutionRequest request, ServerCallContext context)
    {
        var outcome = _engine.StartWorkflow(request);
        return Task.FromResult(new StartWorkflowExecutionResponse { RunId = outcome.RunId, Started = outcome.Started });
    }

    public Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecution(SignalWithStartWorkflowExecutionRequest request, ServerCallContext context)
    {
        var outcome = _engine.SignalWithStart(request);
        return Task.FromResult(new SignalWithStartWorkflowExecutionResponse { RunId = outcome.RunId, Started = outcome.Started });
    }

    public async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueue(PollWorkflowTaskQueueRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.PollWorkflowTaskAsync(request, poll.Token).ConfigureAwait(false);
    }

    public Task<RespondWorkflowTaskCompletedResponse> RespondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.CompleteWorkflowTask(request));

    public Task<RespondWorkflowTaskFailedResponse> RespondWorkflowTaskFailed(RespondWorkflowTaskFailedRequest request, ServerCallContext context)
    {
        _engine.FailWorkflowTask(request);
        return Task.FromResult(new RespondWorkflowTaskFailedResponse());
    }

    public async Task<PollActivityTaskQueueResponse> PollActivityTaskQueue(PollActivityTaskQueueRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.PollActivityTaskAsync(request, poll.Token).ConfigureAwait(false);
    }

    public Task<RecordActivityTaskHeartbeatResponse> RecordActivityTaskHeartbeat(RecordActivityTaskHeartbeatRequest request, ServerCallContext context) =>
        Task.FromResult(new RecordActivityTaskHeartbeatResponse { CancelRequested = _engine.RecordHeartbeat(request.TaskToken, request.Namespace, request.Details) });

    public Task<RecordActivityTaskHeartbeatByIdResponse> RecordActivityTaskHeartbeatById(RecordActivityTaskHeartbeatByIdRequest request, ServerCallContext context) =>
        Task.FromResult(new RecordActivityTaskHeartbeatByIdResponse { CancelRequested = _engine.RecordHeartbeatById(request) });

    public Task<RespondActivityTaskCompletedResponse> RespondActivityTaskCompleted(RespondActivityTaskCompletedRequest request, ServerCallContext context)
    {
        _engine.CompleteActivity(request.TaskToken, request.Namespace, request.Result, request.Identity);
        return Task.FromResult(new RespondActivityTaskCompletedResponse());
    }

    public Task<RespondActivityTaskCompletedByIdResponse> RespondActivityTaskCompletedById(RespondActivityTaskCompletedByIdRequest request, ServerCallContext context)
    {
        _engine.CompleteActivityById(request);
        return Task.FromResult(new RespondActivityTaskCompletedByIdResponse());
    }

    public Task<RespondActivityTaskFailedResponse> RespondActivityTaskFailed(RespondActivityTaskFailedRequest request, ServerCallContext context)
    {
        _engine.FailActivity(request.TaskToken, request.Namespace, request.Failure, request.Identity, request.LastHeartbeatDetails);
        return Task.FromResult(new RespondActivityTaskFailedResponse());
    }

    public Task<RespondActivityTaskFailedByIdResponse> RespondActivityTaskFailedById(RespondActivityTaskFailedByIdRequest request, ServerCallContext context)
    {
        _engine.FailActivityById(request);
        return Task.FromResult(new RespondActivityTaskFailedByIdResponse());
    }

    public Task<RespondActivityTaskCanceledResponse> RespondActivityTaskCanceled(RespondActivityTaskCanceledRequest request, ServerCallContext context)
    {
        _engine.CancelActivity(request.TaskToken, request.Namespace, request.Details, request.Identity);
        return Task.FromResult(new RespondActivityTaskCanceledResponse());
    }

    public Task<RespondActivityTaskCanceledByIdResponse> RespondActivityTaskCanceledById(RespondActivityTaskCanceledByIdRequest request, ServerCallContext context)
    {
        _engine.CancelActivityById(request);
        return Task.FromResult(new RespondActivityTaskCanceledByIdResponse());
    }

    public Task<SignalWorkflowExecutionResponse> SignalWorkflowExecution(SignalWorkflowExecutionRequest request, ServerCallContext context)
    {
        _engine.Signal(request);
        return Task.FromResult(new SignalWorkflowExecutionResponse());
    }

    public Task<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecution(RequestCancelWorkflowExecutionRequest request, ServerCallContext context)
    {
        _engine.RequestCancel(request);
        return Task.FromResult(new RequestCancelWorkflowExecutionResponse());
    }

    public Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecution(TerminateWorkflowExecutionRequest request, ServerCallContext context)
    {
        _engine.Terminate(request);
        return Task.FromResult(new TerminateWorkflowExecutionResponse());
    }

    public async Task<QueryWorkflowResponse> QueryWorkflow(QueryWorkflowRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.QueryAsync(request, poll.Token).ConfigureAwait(false);
    }

    public Task<RespondQueryTaskCompletedResponse> RespondQueryTaskCompleted(RespondQueryTaskCompletedRequest request, ServerCallContext context)
    {
        _engine.RespondQueryTaskCompleted(request);
        return Task.FromResult(new RespondQueryTaskCompletedResponse());
    }

    public async Task<UpdateWorkflowExecutionResponse> UpdateWorkflowExecution(UpdateWorkflowExecutionRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.UpdateAsync(request, poll.Token).ConfigureAwait(false);
    }

    public async Task<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdate(PollWorkflowExecutionUpdateRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.PollUpdateAsync(request, poll.Token).ConfigureAwait(false);
    }

    public async Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.GetHistoryAsync(request, poll.Token).ConfigureAwait(false);
    }

    public Task<GetWorkflowExecutionHistoryReverseResponse> GetWorkflowExecutionHistoryReverse(GetWorkflowExecutionHistoryReverseRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.GetHistoryReverse(request));

    public Task<DescribeWorkflowExecutionResponse> DescribeWorkflowExecution(DescribeWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.Describe(request));

    public Task<ListWorkflowExecutionsResponse> ListWorkflowExecutions(ListWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.ListWorkflows(request.Namespace, request.Query, request.PageSize, request.NextPageToken));

    public Task<CountWorkflowExecutionsResponse> CountWorkflowExecutions(CountWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.CountWorkflows(request.Namespace, request.Query));

    public Task<ShutdownWorkerResponse> ShutdownWorker(ShutdownWorkerRequest request, ServerCallContext context) =>
        Task.FromResult(new ShutdownWorkerResponse());

    public Task<ResetStickyTaskQueueResponse> ResetStickyTaskQueue(ResetStickyTaskQueueRequest request, ServerCallContext context) =>
        Task.FromResult(new ResetStickyTaskQueueResponse());

    public Task<CreateScheduleResponse> CreateSchedule(CreateScheduleRequest request, ServerCallContext context)
    {
        _engine.CreateSchedule(request);
        return Task.FromResult(new CreateScheduleResponse());
    }

    public Task<DescribeScheduleResponse> DescribeSchedule(DescribeScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.DescribeSchedule(request));

    public Task<UpdateScheduleResponse> UpdateSchedule(UpdateScheduleRequest request, ServerCallContext context)
    {
        _engine.UpdateSchedule(request);
        return Task.FromResult(new UpdateScheduleResponse());
    }

    public Task<PatchScheduleResponse> PatchSchedule(PatchScheduleRequest request, ServerCallContext context)
    {
        _engine.PatchSchedule(request);
        return Task.FromResult(new PatchScheduleResponse());
    }

    public Task<DeleteScheduleResponse> DeleteSchedule(DeleteScheduleRequest request, ServerCallContext context)
    {
        _engine.DeleteSchedule(request);
        return Task.FromResult(new DeleteScheduleResponse());
    }

    public Task<ListSchedulesResponse> ListSchedules(ListSchedulesRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.ListSchedules(request));

    public Task<ListScheduleMatchingTimesResponse> ListScheduleMatchingTimes(ListScheduleMatchingTimesRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.ListScheduleMatchingTimes(request));
}
