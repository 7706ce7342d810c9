using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    /// <summary>A real matching service forgets pollers it has not heard from for five minutes.</summary>
    private static readonly TimeSpan PollerMemory = TimeSpan.FromMinutes(5);

    /// <summary>The workers polling a task queue recently, with their identity and last poll time, and its backlog.</summary>
    public DescribeTaskQueueResponse DescribeTaskQueue(DescribeTaskQueueRequest request)
    {
        if (string.IsNullOrEmpty(request.TaskQueue?.Name))
        {
            throw ServerErrors.InvalidArgument("TaskQueue is not set on request.");
        }
        var kind = request.TaskQueueType == TaskQueueType.Activity ? QueueKind.Activity : QueueKind.Workflow;
        lock (_gate)
        {
            RequireNamespace(request.Namespace);
            var response = new DescribeTaskQueueResponse();
            foreach (var (identity, lastAccess) in _matching.Pollers(request.Namespace, request.TaskQueue.Name, kind, Now - PollerMemory))
            {
                response.Pollers.Add(new PollerInfo { Identity = identity, LastAccessTime = Timestamp.FromDateTime(lastAccess), RatePerSecond = 100000 });
            }
            if (request.IncludeTaskQueueStatus)
            {
                response.TaskQueueStatus = new TaskQueueStatus
                {
                    BacklogCountHint = _matching.Backlog(request.Namespace, request.TaskQueue.Name, kind),
                    RatePerSecond = 100000,
                };
            }
            return response;
        }
    }
}
