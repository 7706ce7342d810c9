using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    private readonly Dictionary<(string Namespace, string RunId, string UpdateId), UpdateInfo> _rejectedUpdates = [];

    public async Task<UpdateWorkflowExecutionResponse> UpdateAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken)
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
        ExecutionKey key;
        lock (_gate)
        {
            try
            {
                var ex = RequireRun(request.Namespace, request.WorkflowExecution?.WorkflowId ?? string.Empty, request.WorkflowExecution?.RunId);
                key = ex.Key;
                if (!ex.Updates.ContainsKey(updateId) && !_rejectedUpdates.ContainsKey((ex.Namespace, ex.RunId, updateId)))
                {
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
            }
            finally
            {
                Commit();
            }
        }
        var (reached, outcome) = await WaitForUpdateStageAsync(key, updateId, wanted, cancellationToken).ConfigureAwait(false);
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
