using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    private readonly Dictionary<(string Namespace, string RunId, string UpdateId), UpdateInfo> _rejectedUpdates = [];

    public async Task<UpdateWorkflowExecutionResponse> UpdateAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken,
        bool failOnTimeout = false)
    {
        var (updateId, wanted) = ValidateUpdate(request);
        ExecutionKey key;
        lock (_gate)
        {
            try
            {
                var ex = RequireRun(request.Namespace, request.WorkflowExecution?.WorkflowId ?? string.Empty, request.WorkflowExecution?.RunId);
                AdmitUpdate(ex, request, updateId);
                key = ex.Key;
            }
            finally
            {
                Commit();
            }
        }
        return await WaitForUpdateResponseAsync(key, updateId, wanted, failOnTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Update-with-start: starts the workflow (or, by its conflict policy, uses the running one) and
    /// admits the update to it in one step, so the update rides on the run's first workflow task.
    /// </summary>
    public async Task<ExecuteMultiOperationResponse> ExecuteMultiOperationAsync(ExecuteMultiOperationRequest request, CancellationToken cancellationToken,
        bool failOnTimeout = false)
    {
        if (request.Operations.Count != 2 || request.Operations[0].StartWorkflow is not { } start || request.Operations[1].UpdateWorkflow is not { } update)
        {
            throw ServerErrors.InvalidArgument("Operations have to be exactly [Start, Update].");
        }
        if (update.WorkflowExecution?.WorkflowId != start.WorkflowId || !string.IsNullOrEmpty(update.WorkflowExecution?.RunId))
        {
            throw ServerErrors.InvalidArgument("The update must name the started workflow's id and no run id.");
        }
        if (start.WorkflowIdConflictPolicy == WorkflowIdConflictPolicy.Unspecified)
        {
            throw ServerErrors.InvalidArgument("Update-with-Start requires a WorkflowIdConflictPolicy on the start operation.");
        }
        start.Namespace = string.IsNullOrEmpty(start.Namespace) ? request.Namespace : start.Namespace;
        update.Namespace = string.IsNullOrEmpty(update.Namespace) ? request.Namespace : update.Namespace;
        string updateId;
        UpdateWorkflowExecutionLifecycleStage wanted;
        try
        {
            (updateId, wanted) = ValidateUpdate(update);
        }
        catch (global::Grpc.Core.RpcException e)
        {
            throw ServerErrors.MultiOperation(e, failedIndex: 1, count: 2);
        }
        ExecutionKey key;
        StartOutcome outcome;
        lock (_gate)
        {
            try
            {
                try
                {
                    outcome = StartWorkflowLocked(start, signal: null);
                }
                catch (global::Grpc.Core.RpcException e)
                {
                    throw ServerErrors.MultiOperation(e, failedIndex: 0, count: 2);
                }
                var ex = _runs[(start.Namespace, outcome.RunId)];
                AdmitUpdate(ex, update, updateId);
                key = ex.Key;
            }
            finally
            {
                Commit();
            }
        }
        var updateResponse = await WaitForUpdateResponseAsync(key, updateId, wanted, failOnTimeout, cancellationToken).ConfigureAwait(false);
        var response = new ExecuteMultiOperationResponse();
        response.Responses.Add(new ExecuteMultiOperationResponse.Types.Response
        {
            StartWorkflow = new StartWorkflowExecutionResponse { RunId = outcome.RunId, Started = outcome.Started },
        });
        response.Responses.Add(new ExecuteMultiOperationResponse.Types.Response { UpdateWorkflow = updateResponse });
        return response;
    }

    private static (string UpdateId, UpdateWorkflowExecutionLifecycleStage Wanted) ValidateUpdate(UpdateWorkflowExecutionRequest request)
    {
        var updateId = request.Request?.Meta?.UpdateId;
        if (string.IsNullOrEmpty(updateId))
        {
            throw ServerErrors.InvalidArgument("Update ID is not set on request.");
        }
        if (string.IsNullOrEmpty(request.Request!.Input?.Name))
        {
            throw ServerErrors.InvalidArgument("Update name is not set on request.");
        }
        var wanted = request.WaitPolicy?.LifecycleStage is { } stage && stage != UpdateWorkflowExecutionLifecycleStage.Unspecified
            ? stage : UpdateWorkflowExecutionLifecycleStage.Accepted;
        return (updateId, wanted);
    }

    /// <summary>Registers the update with the run (once per update id) and asks for a workflow task to deliver it.</summary>
    private void AdmitUpdate(ExecutionState ex, UpdateWorkflowExecutionRequest request, string updateId)
    {
        if (ex.Updates.ContainsKey(updateId) || _rejectedUpdates.ContainsKey((ex.Namespace, ex.RunId, updateId)))
        {
            return;
        }
        if (!ex.IsRunning)
        {
            throw ServerErrors.WorkflowCompleted();
        }
        ex.Updates[updateId] = new UpdateInfo
        {
            UpdateId = updateId,
            Request = request.Request,
            RequestMessageId = $"{updateId}/request",
        };
        MarkDirty(ex);
        ScheduleWorkflowTask(ex);
    }

    private async Task<UpdateWorkflowExecutionResponse> WaitForUpdateResponseAsync(ExecutionKey key, string updateId,
        UpdateWorkflowExecutionLifecycleStage wanted, bool failOnTimeout, CancellationToken cancellationToken)
    {
        var (reached, outcome) = await WaitForUpdateStageAsync(key, updateId, wanted, cancellationToken).ConfigureAwait(false);
        if (failOnTimeout && reached < wanted && reached != UpdateWorkflowExecutionLifecycleStage.Completed)
        {
            throw ServerErrors.DeadlineExceeded("update did not reach the requested stage before the caller's deadline");
        }
        return new UpdateWorkflowExecutionResponse
        {
            UpdateRef = new UpdateRef { WorkflowExecution = new WorkflowExecution { WorkflowId = key.WorkflowId, RunId = key.RunId }, UpdateId = updateId },
            Outcome = outcome,
            Stage = reached,
        };
    }

    public async Task<PollWorkflowExecutionUpdateResponse> PollUpdateAsync(PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken)
    {
        var updateId = request.UpdateRef?.UpdateId;
        if (string.IsNullOrEmpty(updateId))
        {
            throw ServerErrors.InvalidArgument("Update reference is not set on request.");
        }
        ExecutionKey key;
        lock (_gate)
        {
            var ex = RequireRun(request.Namespace, request.UpdateRef!.WorkflowExecution?.WorkflowId ?? string.Empty, request.UpdateRef.WorkflowExecution?.RunId);
            key = ex.Key;
            if (!ex.Updates.ContainsKey(updateId) && !_rejectedUpdates.ContainsKey((ex.Namespace, ex.RunId, updateId)))
            {
                throw ServerErrors.NotFound($"update {updateId} not found");
            }
        }
        var wanted = request.WaitPolicy?.LifecycleStage is { } stage && stage != UpdateWorkflowExecutionLifecycleStage.Unspecified
            ? stage : UpdateWorkflowExecutionLifecycleStage.Accepted;
        var (reached, outcome) = await WaitForUpdateStageAsync(key, updateId, wanted, cancellationToken).ConfigureAwait(false);
        return new PollWorkflowExecutionUpdateResponse
        {
            UpdateRef = new UpdateRef { WorkflowExecution = new WorkflowExecution { WorkflowId = key.WorkflowId, RunId = key.RunId }, UpdateId = updateId },
            Outcome = outcome,
            Stage = reached,
        };
    }

    /// <summary>Waits until the update reaches the wanted stage; when the wait ends first, answers with the stage reached so far.</summary>
    private async Task<(UpdateWorkflowExecutionLifecycleStage Stage, Outcome? Outcome)> WaitForUpdateStageAsync(
        ExecutionKey key, string updateId, UpdateWorkflowExecutionLifecycleStage wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            UpdateWorkflowExecutionLifecycleStage stage;
            Outcome? outcome;
            lock (_gate)
            {
                var ex = FindRun(key)!;
                if (_rejectedUpdates.TryGetValue((key.Namespace, key.RunId, updateId), out var rejected))
                {
                    return (UpdateWorkflowExecutionLifecycleStage.Completed, rejected.Outcome);
                }
                var update = ex.Updates.GetValueOrDefault(updateId);
                if (update is null && !ex.IsRunning)
                {
                    // The run closed before accepting the update: a real server answers that the workflow completed.
                    throw ServerErrors.WorkflowCompleted();
                }
                stage = update?.Stage ?? UpdateWorkflowExecutionLifecycleStage.Admitted;
                outcome = update?.Outcome;
                if (stage >= wanted || stage == UpdateWorkflowExecutionLifecycleStage.Completed)
                {
                    return (stage, outcome);
                }
                changed = WaitForChange(ex);
            }
            try
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (stage, outcome);
            }
        }
    }
}
