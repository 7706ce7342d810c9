using CoderBootstrap.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

/// <summary><c>starter status</c>, <c>approve</c> and <c>reject</c>: read the runs of an environment, decide its approval gate.</summary>
internal static class StatusCommand
{
    public static async Task<int> ExecuteAsync(StarterContext context, string environment, bool sandbox, bool json, CancellationToken cancellationToken)
    {
        StarterCommands.LoadEnvironment(context, environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"status-{environment}", cancellationToken).ConfigureAwait(false);
        var runs = await EnvironmentRuns.DescribeAllAsync(runtime.Client, environment).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            throw new StarterException($"no run found for {environment}: start one with `starter run setup --env={environment}`");
        }
        var statuses = new List<object>();
        foreach (var (id, description) in runs.OrderByDescending(r => r.Description.Status == WorkflowExecutionStatus.Running).ThenByDescending(r => r.Description.StartTime))
        {
            var status = await ProgressPrinter.TryQueryAsync(runtime.Client, id).ConfigureAwait(false);
            if (json)
            {
                statuses.Add(new { workflowId = id, runId = description.RunId, state = description.Status.ToString(), description.StartTime, description.CloseTime, status, ui = runtime.UiPage(id, description.RunId) });
                continue;
            }
            var closed = description.CloseTime is { } close ? $", closed {close:u}" : string.Empty;
            await context.Out.WriteLineAsync($"{id} ({description.Status}, started {description.StartTime:u}{closed})").ConfigureAwait(false);
            if (runtime.UiPage(id, description.RunId) is { } page)
            {
                await context.Out.WriteLineAsync($"  Temporal UI: {page}").ConfigureAwait(false);
            }
            if (status is null)
            {
                await context.Out.WriteLineAsync("  (no worker answered the status query)").ConfigureAwait(false);
                continue;
            }
            await context.Out.WriteLineAsync($"  phase: {status.Phase}; {status.Completed}/{status.Steps.Count} steps done").ConfigureAwait(false);
            foreach (var step in status.Steps)
            {
                await context.Out.WriteLineAsync(ProgressPrinter.FormatStep(status.Kind, step)).ConfigureAwait(false);
            }
        }
        if (await TtlCommand.TryStatusAsync(runtime.Client, WorkflowNames.Ttl(environment)).ConfigureAwait(false) is { } ttl)
        {
            if (json)
            {
                statuses.Add(new { workflowId = WorkflowNames.Ttl(environment), ttl });
            }
            else
            {
                await context.Out.WriteLineAsync(TtlCommand.Describe(ttl, DateTime.UtcNow)).ConfigureAwait(false);
            }
        }
        if (json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(statuses)).ConfigureAwait(false);
        }
        return 0;
    }

    public static async Task<int> DecideAsync(StarterContext context, string environment, bool sandbox, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        StarterCommands.LoadEnvironment(context, environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"{WorkflowNames.Setup(environment)}/starter", cancellationToken).ConfigureAwait(false);
        var id = await ApprovalTarget.FindAsync(runtime.Client, environment).ConfigureAwait(false);
        var handle = runtime.Client.GetWorkflowHandle(id);
        try
        {
            var answer = await handle.ExecuteUpdateAsync<string>(ApprovalTarget.UpdateName, [decision]).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"{EnvironmentRuns.KindOf(id)} of {environment}: {answer}").ConfigureAwait(false);
            return 0;
        }
        catch (WorkflowUpdateFailedException e)
        {
            // Refused by the workflow's validator: nothing is waiting, or a rejection without a reason.
            throw new StarterException(StarterCommands.FailureMessage(e), 2);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new StarterException($"no setup or teardown of {environment} is waiting for approval (none is running)", 2);
        }
    }
}
