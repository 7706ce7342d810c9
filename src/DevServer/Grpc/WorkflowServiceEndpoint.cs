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
/// empty answer, as a real frontend does. The methods are virtual because ASP.NET Core gRPC only
/// binds methods that override those of the type carrying <see cref="BindServiceMethodAttribute"/>.
/// </summary>
[BindServiceMethod(typeof(WorkflowServiceBinder), nameof(WorkflowServiceBinder.BindService))]
public class WorkflowServiceEndpoint
{
    private static readonly TimeSpan MaxLongPoll = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(500);
    private readonly ServerEngine _engine;

    public const string ClusterName = "active";
    public const string ServerVersion = "1.27.0";
    private const string ClusterId = "5b6e8d6c-0000-4000-8000-c0debeef7233";

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

    public virtual Task<GetSystemInfoResponse> GetSystemInfo(GetSystemInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetSystemInfoResponse
        {
            ServerVersion = ServerVersion,
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

    public virtual Task<GetClusterInfoResponse> GetClusterInfo(GetClusterInfoRequest request, ServerCallContext context)
    {
        var response = new GetClusterInfoResponse
        {
            ClusterName = ClusterName,
            ClusterId = ClusterId,
            ServerVersion = ServerVersion,
            HistoryShardCount = 1,
            PersistenceStore = "sqlite",
            VisibilityStore = "sqlite",
            InitialFailoverVersion = 1,
            FailoverVersionIncrement = 10,
            VersionInfo = new Temporalio.Api.Version.V1.VersionInfo
            {
                Current = new Temporalio.Api.Version.V1.ReleaseInfo { Version = ServerVersion },
                Recommended = new Temporalio.Api.Version.V1.ReleaseInfo { Version = ServerVersion },
            },
        };
        // The client versions a real frontend accepts; the UI reads this map to decide what it may call.
        response.SupportedClients.Add(new Dictionary<string, string>
        {
            ["temporal-cli"] = "<2.0.0",
            ["temporal-go"] = "<2.0.0",
            ["temporal-java"] = "<2.0.0",
            ["temporal-php"] = "<2.0.0",
            ["temporal-server"] = "<2.0.0",
            ["temporal-typescript"] = "<2.0.0",
            ["temporal-ui"] = "<3.0.0",
        });
        return Task.FromResult(response);
    }

    public virtual Task<DescribeNamespaceResponse> DescribeNamespace(DescribeNamespaceRequest request, ServerCallContext context) =>
        Task.FromResult(ToDescription(_engine.DescribeNamespace(request.Namespace)));

    public virtual Task<ListNamespacesResponse> ListNamespaces(ListNamespacesRequest request, ServerCallContext context)
    {
        var response = new ListNamespacesResponse();
        response.Namespaces.AddRange(_engine.ListNamespaces().Select(ToDescription));
        return Task.FromResult(response);
    }

    public virtual Task<RegisterNamespaceResponse> RegisterNamespace(RegisterNamespaceRequest request, ServerCallContext context)
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

    public virtual Task<GetSearchAttributesResponse> GetSearchAttributes(GetSearchAttributesRequest request, ServerCallContext context)
    {
        var response = new GetSearchAttributesResponse();
        foreach (var (name, type) in SearchAttributeRegistry.SystemAttributes)
        {
            response.Keys[name] = type;
        }
        foreach (var (name, type) in _engine.CustomSearchAttributes("default"))
        {
            response.Keys[name] = type;
        }
        return Task.FromResult(response);
    }

    public virtual Task<StartWorkflowExecutionResponse> StartWorkflowExecution(StartWorkflowExecutionRequest request, ServerCallContext context)
    {
        var outcome = _engine.StartWorkflow(request);
        return Task.FromResult(new StartWorkflowExecutionResponse { RunId = outcome.RunId, Started = outcome.Started });
    }

    public virtual Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecution(SignalWithStartWorkflowExecutionRequest request, ServerCallContext context)
    {
        var outcome = _engine.SignalWithStart(request);
        return Task.FromResult(new SignalWithStartWorkflowExecutionResponse { RunId = outcome.RunId, Started = outcome.Started });
    }

    public virtual async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueue(PollWorkflowTaskQueueRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.PollWorkflowTaskAsync(request, poll.Token).ConfigureAwait(false);
    }

    public virtual Task<RespondWorkflowTaskCompletedResponse> RespondWorkflowTaskCompleted(RespondWorkflowTaskCompletedRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.CompleteWorkflowTask(request));

    public virtual Task<RespondWorkflowTaskFailedResponse> RespondWorkflowTaskFailed(RespondWorkflowTaskFailedRequest request, ServerCallContext context)
    {
        _engine.FailWorkflowTask(request);
        return Task.FromResult(new RespondWorkflowTaskFailedResponse());
    }

    public virtual async Task<PollActivityTaskQueueResponse> PollActivityTaskQueue(PollActivityTaskQueueRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.PollActivityTaskAsync(request, poll.Token).ConfigureAwait(false);
    }

    public virtual Task<RecordActivityTaskHeartbeatResponse> RecordActivityTaskHeartbeat(RecordActivityTaskHeartbeatRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.RecordHeartbeatResponse(request.TaskToken, request.Namespace, request.Details));

    public virtual Task<RecordActivityTaskHeartbeatByIdResponse> RecordActivityTaskHeartbeatById(RecordActivityTaskHeartbeatByIdRequest request, ServerCallContext context) =>
        Task.FromResult(new RecordActivityTaskHeartbeatByIdResponse { CancelRequested = _engine.RecordHeartbeatById(request) });

    public virtual Task<RespondActivityTaskCompletedResponse> RespondActivityTaskCompleted(RespondActivityTaskCompletedRequest request, ServerCallContext context)
    {
        _engine.CompleteActivity(request.TaskToken, request.Namespace, request.Result, request.Identity);
        return Task.FromResult(new RespondActivityTaskCompletedResponse());
    }

    public virtual Task<RespondActivityTaskCompletedByIdResponse> RespondActivityTaskCompletedById(RespondActivityTaskCompletedByIdRequest request, ServerCallContext context)
    {
        _engine.CompleteActivityById(request);
        return Task.FromResult(new RespondActivityTaskCompletedByIdResponse());
    }

    public virtual Task<RespondActivityTaskFailedResponse> RespondActivityTaskFailed(RespondActivityTaskFailedRequest request, ServerCallContext context)
    {
        _engine.FailActivity(request.TaskToken, request.Namespace, request.Failure, request.Identity, request.LastHeartbeatDetails);
        return Task.FromResult(new RespondActivityTaskFailedResponse());
    }

    public virtual Task<RespondActivityTaskFailedByIdResponse> RespondActivityTaskFailedById(RespondActivityTaskFailedByIdRequest request, ServerCallContext context)
    {
        _engine.FailActivityById(request);
        return Task.FromResult(new RespondActivityTaskFailedByIdResponse());
    }

    public virtual Task<RespondActivityTaskCanceledResponse> RespondActivityTaskCanceled(RespondActivityTaskCanceledRequest request, ServerCallContext context)
    {
        _engine.CancelActivity(request.TaskToken, request.Namespace, request.Details, request.Identity);
        return Task.FromResult(new RespondActivityTaskCanceledResponse());
    }

    public virtual Task<RespondActivityTaskCanceledByIdResponse> RespondActivityTaskCanceledById(RespondActivityTaskCanceledByIdRequest request, ServerCallContext context)
    {
        _engine.CancelActivityById(request);
        return Task.FromResult(new RespondActivityTaskCanceledByIdResponse());
    }

    public virtual Task<SignalWorkflowExecutionResponse> SignalWorkflowExecution(SignalWorkflowExecutionRequest request, ServerCallContext context)
    {
        _engine.Signal(request);
        return Task.FromResult(new SignalWorkflowExecutionResponse());
    }

    public virtual Task<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecution(RequestCancelWorkflowExecutionRequest request, ServerCallContext context)
    {
        _engine.RequestCancel(request);
        return Task.FromResult(new RequestCancelWorkflowExecutionResponse());
    }

    public virtual Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecution(TerminateWorkflowExecutionRequest request, ServerCallContext context)
    {
        _engine.Terminate(request);
        return Task.FromResult(new TerminateWorkflowExecutionResponse());
    }

    public virtual async Task<QueryWorkflowResponse> QueryWorkflow(QueryWorkflowRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.QueryAsync(request, poll.Token).ConfigureAwait(false);
    }

    public virtual Task<RespondQueryTaskCompletedResponse> RespondQueryTaskCompleted(RespondQueryTaskCompletedRequest request, ServerCallContext context)
    {
        _engine.RespondQueryTaskCompleted(request);
        return Task.FromResult(new RespondQueryTaskCompletedResponse());
    }

    public virtual async Task<UpdateWorkflowExecutionResponse> UpdateWorkflowExecution(UpdateWorkflowExecutionRequest request, ServerCallContext context)
    {
        using var poll = UpdatePoll(context, out var callerTimeout);
        return await _engine.UpdateAsync(request, poll.Token, callerTimeout).ConfigureAwait(false);
    }

    /// <summary>
    /// An update waits as long as its caller allows: with a caller's deadline shorter than a long
    /// poll it waits until that deadline and then answers DeadlineExceeded (the SDK's update
    /// timeout); otherwise it answers the stage reached when the long poll ends, and the SDK asks again.
    /// </summary>
    private static CancellationTokenSource UpdatePoll(ServerCallContext context, out bool callerTimeout)
    {
        var untilDeadline = context.Deadline < DateTime.MaxValue.AddDays(-1) ? context.Deadline.ToUniversalTime() - DateTime.UtcNow : TimeSpan.MaxValue;
        callerTimeout = untilDeadline < LongPollLimit;
        if (!callerTimeout)
        {
            return LongPoll(context);
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        cts.CancelAfter(untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero);
        return cts;
    }

    public virtual async Task<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdate(PollWorkflowExecutionUpdateRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.PollUpdateAsync(request, poll.Token).ConfigureAwait(false);
    }

    public virtual async Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request, ServerCallContext context)
    {
        using var poll = LongPoll(context);
        return await _engine.GetHistoryAsync(request, poll.Token).ConfigureAwait(false);
    }

    public virtual Task<GetWorkflowExecutionHistoryReverseResponse> GetWorkflowExecutionHistoryReverse(GetWorkflowExecutionHistoryReverseRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.GetHistoryReverse(request));

    public virtual Task<DescribeWorkflowExecutionResponse> DescribeWorkflowExecution(DescribeWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.Describe(request));

    public virtual Task<ListWorkflowExecutionsResponse> ListWorkflowExecutions(ListWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.ListWorkflows(request.Namespace, request.Query, request.PageSize, request.NextPageToken));

    public virtual Task<CountWorkflowExecutionsResponse> CountWorkflowExecutions(CountWorkflowExecutionsRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.CountWorkflows(request.Namespace, request.Query));

    public virtual Task<ShutdownWorkerResponse> ShutdownWorker(ShutdownWorkerRequest request, ServerCallContext context)
    {
        if (!string.IsNullOrEmpty(request.StickyTaskQueue))
        {
            _engine.ResetStickiness(request.Namespace, request.StickyTaskQueue);
        }
        return Task.FromResult(new ShutdownWorkerResponse());
    }

    public virtual Task<ResetStickyTaskQueueResponse> ResetStickyTaskQueue(ResetStickyTaskQueueRequest request, ServerCallContext context)
    {
        _engine.ResetStickiness(request.Namespace, null, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
        return Task.FromResult(new ResetStickyTaskQueueResponse());
    }

    public virtual Task<CreateScheduleResponse> CreateSchedule(CreateScheduleRequest request, ServerCallContext context)
    {
        _engine.CreateSchedule(request);
        return Task.FromResult(new CreateScheduleResponse());
    }

    public virtual Task<DescribeScheduleResponse> DescribeSchedule(DescribeScheduleRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.DescribeSchedule(request));

    public virtual Task<UpdateScheduleResponse> UpdateSchedule(UpdateScheduleRequest request, ServerCallContext context)
    {
        _engine.UpdateSchedule(request);
        return Task.FromResult(new UpdateScheduleResponse());
    }

    public virtual Task<PatchScheduleResponse> PatchSchedule(PatchScheduleRequest request, ServerCallContext context)
    {
        _engine.PatchSchedule(request);
        return Task.FromResult(new PatchScheduleResponse());
    }

    public virtual Task<DeleteScheduleResponse> DeleteSchedule(DeleteScheduleRequest request, ServerCallContext context)
    {
        _engine.DeleteSchedule(request);
        return Task.FromResult(new DeleteScheduleResponse());
    }

    public virtual Task<ListSchedulesResponse> ListSchedules(ListSchedulesRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.ListSchedules(request));

    public virtual Task<ListScheduleMatchingTimesResponse> ListScheduleMatchingTimes(ListScheduleMatchingTimesRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.ListScheduleMatchingTimes(request));

    public virtual Task<DescribeTaskQueueResponse> DescribeTaskQueue(DescribeTaskQueueRequest request, ServerCallContext context) =>
        Task.FromResult(_engine.DescribeTaskQueue(request));

    public virtual Task<ResetWorkflowExecutionResponse> ResetWorkflowExecution(ResetWorkflowExecutionRequest request, ServerCallContext context) =>
        Task.FromResult(new ResetWorkflowExecutionResponse { RunId = _engine.Reset(request) });

    public virtual async Task<ExecuteMultiOperationResponse> ExecuteMultiOperation(ExecuteMultiOperationRequest request, ServerCallContext context)
    {
        using var poll = UpdatePoll(context, out var callerTimeout);
        return await _engine.ExecuteMultiOperationAsync(request, poll.Token, callerTimeout).ConfigureAwait(false);
    }

    public virtual Task<PauseActivityResponse> PauseActivity(PauseActivityRequest request, ServerCallContext context)
    {
        _engine.PauseActivity(request);
        return Task.FromResult(new PauseActivityResponse());
    }

    public virtual Task<UnpauseActivityResponse> UnpauseActivity(UnpauseActivityRequest request, ServerCallContext context)
    {
        _engine.UnpauseActivity(request);
        return Task.FromResult(new UnpauseActivityResponse());
    }

    public virtual Task<ResetActivityResponse> ResetActivity(ResetActivityRequest request, ServerCallContext context)
    {
        _engine.ResetActivity(request);
        return Task.FromResult(new ResetActivityResponse());
    }

    // Batch operations, worker versioning and deployments are not used by this product; the UI's
    // tabs for them list what exists, which here is nothing.
    public virtual Task<ListBatchOperationsResponse> ListBatchOperations(ListBatchOperationsRequest request, ServerCallContext context) =>
        Task.FromResult(WithNamespace(request.Namespace, new ListBatchOperationsResponse()));

    public virtual Task<GetWorkerBuildIdCompatibilityResponse> GetWorkerBuildIdCompatibility(GetWorkerBuildIdCompatibilityRequest request, ServerCallContext context) =>
        Task.FromResult(WithNamespace(request.Namespace, new GetWorkerBuildIdCompatibilityResponse()));

    public virtual Task<GetWorkerVersioningRulesResponse> GetWorkerVersioningRules(GetWorkerVersioningRulesRequest request, ServerCallContext context) =>
        Task.FromResult(WithNamespace(request.Namespace, new GetWorkerVersioningRulesResponse { ConflictToken = Google.Protobuf.ByteString.CopyFromUtf8("0") }));

    public virtual Task<ListDeploymentsResponse> ListDeployments(ListDeploymentsRequest request, ServerCallContext context) =>
        Task.FromResult(WithNamespace(request.Namespace, new ListDeploymentsResponse()));

    public virtual Task<ListWorkerDeploymentsResponse> ListWorkerDeployments(ListWorkerDeploymentsRequest request, ServerCallContext context) =>
        Task.FromResult(WithNamespace(request.Namespace, new ListWorkerDeploymentsResponse()));

    private T WithNamespace<T>(string ns, T response)
    {
        _engine.DescribeNamespace(ns);
        return response;
    }
}
