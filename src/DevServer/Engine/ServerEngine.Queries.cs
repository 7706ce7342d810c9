using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    private readonly Dictionary<string, PendingQuery> _queries = [];
    private readonly Dictionary<(string Namespace, string RunId), List<string>> _queriesAfterTask = [];

    private sealed record PendingQuery(string Id, ExecutionKey Execution, WorkflowQuery Query, TaskCompletionSource<WorkflowQueryResult> Result);

    public async Task<QueryWorkflowResponse> QueryAsync(QueryWorkflowRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Query?.QueryType))
        {
            throw ServerErrors.InvalidArgument("QueryType is not set on request.");
        }
        PendingQuery pending;
        lock (_gate)
        {
            var ex = RequireRun(request.Namespace, request.Execution?.WorkflowId ?? string.Empty, request.Execution?.RunId);
            if (request.QueryRejectCondition == QueryRejectCondition.NotOpen && !ex.IsRunning
                || request.QueryRejectCondition == QueryRejectCondition.NotCompletedCleanly && ex.Status is not (WorkflowExecutionStatus.Running or WorkflowExecutionStatus.Completed))
            {
                return new QueryWorkflowResponse { QueryRejected = new QueryRejected { Status = ex.Status } };
            }
            pending = new PendingQuery(Guid.NewGuid().ToString(), ex.Key, request.Query,
                new TaskCompletionSource<WorkflowQueryResult>(TaskCreationOptions.RunContinuationsAsynchronously));
            _queries[pending.Id] = pending;
            switch (ex.WorkflowTask)
            {
                case null:
                    OfferLegacyQuery(ex, pending.Id);
                    break;
                case { Started: false } scheduled:
                    scheduled.QueryIds.Add(pending.Id);
                    break;
                default:
                    // A query answered beside a running workflow task would be refused by the worker: wait for the next one.
                    QueueAfterTask(ex, pending.Id);
                    break;
            }
        }
        try
        {
            var result = await pending.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (result.ResultType == QueryResultType.Answered)
            {
                return new QueryWorkflowResponse { QueryResult = result.Answer };
            }
            throw ServerErrors.QueryFailed(string.IsNullOrEmpty(result.ErrorMessage) ? "query failed" : result.ErrorMessage, result.Failure);
        }
        catch (OperationCanceledException)
        {
            throw ServerErrors.DeadlineExceeded("query timed out before a worker answered it");
        }
        finally
        {
            lock (_gate)
            {
                _queries.Remove(pending.Id);
            }
        }
    }

    private void OfferLegacyQuery(ExecutionState ex, string queryId) =>
        _matching.Offer(ex.Namespace, ex.TaskQueue, QueueKind.Workflow, new QueuedTask(ex.Key, 0, 0, queryId));

    private void QueueAfterTask(ExecutionState ex, string queryId)
    {
        if (!_queriesAfterTask.TryGetValue((ex.Namespace, ex.RunId), out var list))
        {
            list = [];
            _queriesAfterTask[(ex.Namespace, ex.RunId)] = list;
        }
        list.Add(queryId);
    }

    private PollWorkflowTaskQueueResponse? TryStartLegacyQuery(QueuedTask task)
    {
        if (!_queries.TryGetValue(task.QueryId!, out var query) || FindRun(task.Execution) is not { } ex)
        {
            return null;
        }
        if (ex.IsRunning && ex.WorkflowTask is not null)
        {
            // A workflow task appeared meanwhile: ride on it instead.
            if (ex.WorkflowTask.Started)
            {
                QueueAfterTask(ex, query.Id);
            }
            else
            {
                ex.WorkflowTask.QueryIds.Add(query.Id);
            }
            return null;
        }
        var response = new PollWorkflowTaskQueueResponse
        {
            TaskToken = new TaskToken(TaskTokenKind.QueryTask, ex.Namespace, ex.WorkflowId, ex.RunId, 0, 0, query.Id).Encode(),
            WorkflowExecution = new WorkflowExecution { WorkflowId = ex.WorkflowId, RunId = ex.RunId },
            WorkflowType = new WorkflowType { Name = ex.WorkflowType },
            PreviousStartedEventId = ex.LastCompletedStartedEventId,
            StartedEventId = ex.LastCompletedStartedEventId,
            History = new Temporalio.Api.History.V1.History(),
            Query = query.Query,
            WorkflowExecutionTaskQueue = new TaskQueue { Name = ex.TaskQueue, Kind = TaskQueueKind.Normal },
        };
        response.History.Events.AddRange(ex.History);
        return response;
    }

    public void RespondQueryTaskCompleted(RespondQueryTaskCompletedRequest request)
    {
        var token = TaskToken.TryDecode(request.TaskToken);
        if (token is null || token.Kind != TaskTokenKind.QueryTask)
        {
            throw ServerErrors.InvalidArgument("Error deserializing task token.");
        }
        lock (_gate)
        {
            RequireNamespace(token.Namespace);
            if (!_queries.TryGetValue(token.QueryId, out var query))
            {
                throw ServerErrors.TaskNotFound("Query");
            }
            query.Result.TrySetResult(new WorkflowQueryResult
            {
                ResultType = request.CompletedType,
                Answer = request.QueryResult,
                ErrorMessage = request.ErrorMessage,
                Failure = request.Failure,
            });
        }
    }

    private void AnswerQueries(List<string> queryIds, IDictionary<string, WorkflowQueryResult> results)
    {
        foreach (var id in queryIds)
        {
            if (_queries.TryGetValue(id, out var query))
            {
                query.Result.TrySetResult(results.TryGetValue(id, out var result)
                    ? result
                    : new WorkflowQueryResult { ResultType = QueryResultType.Failed, ErrorMessage = "query was not answered by the workflow task" });
            }
        }
        queryIds.Clear();
    }

    private void FailQueries(IEnumerable<string> queryIds, string message)
    {
        foreach (var id in queryIds)
        {
            if (_queries.TryGetValue(id, out var query))
            {
                query.Result.TrySetResult(new WorkflowQueryResult { ResultType = QueryResultType.Failed, ErrorMessage = message });
            }
        }
    }

    private void MoveQueries(ExecutionState ex, IEnumerable<string> queryIds)
    {
        foreach (var id in queryIds.ToList())
        {
            if (ex.WorkflowTask is { Started: false } next)
            {
                next.QueryIds.Add(id);
            }
            else if (ex.WorkflowTask is null)
            {
                OfferLegacyQuery(ex, id);
            }
            else
            {
                QueueAfterTask(ex, id);
            }
        }
    }

    /// <summary>After a workflow task completes, queries that waited for it go onto the next task or become query tasks.</summary>
    private void RedistributeQueries(ExecutionState ex)
    {
        if (_queriesAfterTask.Remove((ex.Namespace, ex.RunId), out var waiting))
        {
            MoveQueries(ex, waiting);
        }
    }
}
