using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

public sealed record RunRequest(string Kind, string Environment, bool Sandbox, double TimeScale, bool Json, bool AutoApprove, bool DryRun,
    string? Template, TimeSpan? ApprovalTimeout);

/// <summary><c>starter run setup|infra|coder</c> and <c>starter plan</c>: start the workflow (or resume it) and follow it to its end.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(StarterContext context, RunRequest request, CancellationToken cancellationToken)
    {
        RunValidation.Validate(context, request);
        if (!request.Sandbox && context.Environment("TEMPORAL_ADDRESS") is not { Length: > 0 })
        {
            // The worker runs here and talks to Scaleway: its credentials must be there before anything starts.
            RunValidation.RequireScalewayCredentials(context);
        }
        var id = request.DryRun ? $"plan-{request.Environment}-{Guid.NewGuid():N}" : WorkflowNames.For(request.Kind, request.Environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, request.Sandbox, request.TimeScale, needWorker: true, $"{WorkflowNames.For(request.DryRun ? "plan" : request.Kind, request.Environment)}/starter", cancellationToken).ConfigureAwait(false);
        if (!request.Json)
        {
            await context.Out.WriteLineAsync(runtime.ServerDescription).ConfigureAwait(false);
        }
        var handle = await StartOrResumeAsync(context, runtime, request, id).ConfigureAwait(false);
        var started = DateTime.UtcNow;
        var result = handle.GetResultAsync<object?>();
        if (!request.Json)
        {
            await new ProgressPrinter(context.Out).FollowAsync(runtime.Client, id, request.Environment, result, context.ProgressInterval).ConfigureAwait(false);
        }
        try
        {
            await result.ConfigureAwait(false);
        }
        catch (WorkflowFailedException e)
        {
            var message = StarterCommands.FailureMessage(e);
            if (request.Json)
            {
                await context.Out.WriteLineAsync(StarterCommands.ToJson(new { environment = request.Environment, kind = request.Kind, outcome = "failed", error = message })).ConfigureAwait(false);
            }
            await context.Error.WriteLineAsync($"starter: {request.Kind} of {request.Environment} failed: {message}").ConfigureAwait(false);
            return 1;
        }
        await PrintSummaryAsync(context, runtime.Client, request, id, DateTime.UtcNow - started).ConfigureAwait(false);
        return 0;
    }

    private static async Task<WorkflowHandle> StartOrResumeAsync(StarterContext context, StarterRuntime runtime, RunRequest request, string id)
    {
        if (!request.DryRun && await EnvironmentRuns.FindRunningAsync(runtime.Client, request.Environment).ConfigureAwait(false) is { } running && running != id)
        {
            // One run per environment at a time, across kinds (a setup's own phase runs are named by the setup first).
            throw EnvironmentRuns.AlreadyRunning(request.Environment, running);
        }
        var options = StarterCommands.StartOptions(id);
        try
        {
            return request.Kind switch
            {
                "setup" => await runtime.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(
                    new SetupInput(request.Environment, request.AutoApprove, request.DryRun, request.Template, request.ApprovalTimeout)), options).ConfigureAwait(false),
                "infra" => await runtime.Client.StartWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput(request.Environment)), options).ConfigureAwait(false),
                _ => await runtime.Client.StartWorkflowAsync((CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput(request.Environment, request.Template)), options).ConfigureAwait(false),
            };
        }
        catch (WorkflowAlreadyStartedException e)
        {
            if (runtime.OwnsLocalState && !request.DryRun)
            {
                // This process owns the local server: the running workflow belongs to a Starter that was killed. Pick it up.
                await context.Out.WriteLineAsync($"resuming the {request.Kind} of {request.Environment} already in progress (workflow {id}, run {e.RunId})").ConfigureAwait(false);
                return runtime.Client.GetWorkflowHandle(id);
            }
            throw EnvironmentRuns.AlreadyRunning(request.Environment, id);
        }
    }

    private static async Task PrintSummaryAsync(StarterContext context, ITemporalClient client, RunRequest request, string id, TimeSpan elapsed)
    {
        var handle = client.GetWorkflowHandle(id);
        switch (request.Kind)
        {
            case "setup":
            {
                var result = await handle.GetResultAsync<SetupResult>().ConfigureAwait(false);
                if (request.Json)
                {
                    await context.Out.WriteLineAsync(StarterCommands.ToJson(result)).ConfigureAwait(false);
                    return;
                }
                await SummaryPrinter.PrintSetupAsync(context.Out, result, elapsed).ConfigureAwait(false);
                break;
            }
            case "infra":
            {
                var result = await handle.GetResultAsync<InfraPhaseResult>().ConfigureAwait(false);
                if (request.Json)
                {
                    await context.Out.WriteLineAsync(StarterCommands.ToJson(result)).ConfigureAwait(false);
                    return;
                }
                await SummaryPrinter.PrintInfraAsync(context.Out, result).ConfigureAwait(false);
                break;
            }
            default:
            {
                var result = await handle.GetResultAsync<CoderPhaseResult>().ConfigureAwait(false);
                if (request.Json)
                {
                    await context.Out.WriteLineAsync(StarterCommands.ToJson(result)).ConfigureAwait(false);
                    return;
                }
                await SummaryPrinter.PrintCoderAsync(context.Out, result).ConfigureAwait(false);
                break;
            }
        }
    }
}
