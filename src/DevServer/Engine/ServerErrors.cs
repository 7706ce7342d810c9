using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// gRPC errors shaped like a real Temporal frontend's: status code, message and, where the SDK
/// looks for one, a typed failure in the <c>grpc-status-details-bin</c> trailer.
/// </summary>
internal static class ServerErrors
{
    public static RpcException InvalidArgument(string message) => Create(StatusCode.InvalidArgument, message, null);

    public static RpcException NotFound(string message) => Create(StatusCode.NotFound, message, new NotFoundFailure());

    public static RpcException NamespaceNotFound(string ns) =>
        Create(StatusCode.NotFound, $"Namespace {ns} is not found.", new NamespaceNotFoundFailure { Namespace = ns });

    public static RpcException NamespaceAlreadyExists(string ns) =>
        Create(StatusCode.AlreadyExists, $"Namespace {ns} already exists.", new NamespaceAlreadyExistsFailure());

    public static RpcException WorkflowNotFound(string workflowId, string? runId) =>
        NotFound(string.IsNullOrEmpty(runId)
            ? $"workflow not found for ID: {workflowId}"
            : $"workflow execution not found for workflow ID {workflowId} and run ID {runId}");

    public static RpcException WorkflowCompleted() =>
        NotFound("workflow execution already completed");

    public static RpcException TaskNotFound(string what) => NotFound($"{what} not found.");

    public static RpcException AlreadyStarted(string workflowId, string runId, string? requestId) =>
        Create(StatusCode.AlreadyExists, $"Workflow execution is already running. WorkflowId: {workflowId}, RunId: {runId}.",
            new WorkflowExecutionAlreadyStartedFailure { RunId = runId, StartRequestId = requestId ?? string.Empty });

    public static RpcException QueryFailed(string message, Temporalio.Api.Failure.V1.Failure? failure = null) =>
        Create(StatusCode.InvalidArgument, message, new QueryFailedFailure { Failure = failure });

    public static RpcException AlreadyExists(string message) => Create(StatusCode.AlreadyExists, message, null);

    public static RpcException FailedPrecondition(string message) => Create(StatusCode.FailedPrecondition, message, null);

    public static RpcException CancellationAlreadyRequested() =>
        Create(StatusCode.AlreadyExists, "Cancellation already requested for this workflow execution.", new CancellationAlreadyRequestedFailure());

    public static RpcException Unavailable(string message) => Create(StatusCode.Unavailable, message, null);

    public static RpcException DeadlineExceeded(string message) => Create(StatusCode.DeadlineExceeded, message, null);

    public static RpcException WorkflowNotReady() =>
        Create(StatusCode.FailedPrecondition, "Workflow execution is not ready to handle the request.", new WorkflowNotReadyFailure());

    /// <summary>
    /// The error of an ExecuteMultiOperation: the failed operation's status in its slot, the others
    /// aborted, as the SDK unpacks it to raise the failed operation's own error.
    /// </summary>
    public static RpcException MultiOperation(RpcException failed, int failedIndex, int count)
    {
        var failure = new MultiOperationExecutionFailure();
        for (var i = 0; i < count; i++)
        {
            var status = i == failedIndex
                ? new MultiOperationExecutionFailure.Types.OperationStatus { Code = (int)failed.StatusCode, Message = failed.Status.Detail }
                : new MultiOperationExecutionFailure.Types.OperationStatus { Code = (int)StatusCode.Aborted, Message = "Operation was aborted." };
            if (i == failedIndex && failed.Trailers.GetValueBytes("grpc-status-details-bin") is { } bytes)
            {
                status.Details.Add(GrpcStatus.Parser.ParseFrom(bytes).Details);
            }
            failure.Statuses.Add(status);
        }
        return Create(failed.StatusCode, $"Update-with-Start could not be executed: {failed.Status.Detail}", failure);
    }

    private static RpcException Create(StatusCode code, string message, IMessage? detail)
    {
        var trailers = new Metadata();
        if (detail is not null)
        {
            var status = new GrpcStatus { Code = (int)code, Message = message };
            status.Details.Add(Any.Pack(detail));
            trailers.Add("grpc-status-details-bin", status.ToByteArray());
        }
        return new RpcException(new Status(code, message), trailers, message);
    }
}
