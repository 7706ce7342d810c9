using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

public sealed record RunRequest(string Kind, string Environment, bool Sandbox, double TimeScale, bool Json, bool AutoApprove, bool DryRun,
    string? Template, TimeSpan? ApprovalTimeout, ReviewRequest? Review = null);

/// <summary><c>starter run setup|infra|coder</c> and <c>starter plan</c>: start the workflow (or resume it) and follow it to its end.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(StarterContext context, RunRequest request, CancellationToken cancellationToken)
    {
        var ttl = request.Review is { } review ? ReviewEnvironments.Prepare(context, request.Environment, review) : (TimeSpan?)null;
        StarterCommands.LoadEnvironment(context, request.Environment);
        if (request.TimeScale <= 0)
        {
            throw new StarterException("--time-scale must be greater than 0", 2);
        }
        if (!request.Sandbox && context.Environment("TEMPORAL_ADDRESS") is not { Length: > 0 })
        {
            // The worker runs here and talks to Scaleway: its credentials must be there before anything starts.
            try
            {
                ScalewayCredentials.FromEnvironment(context.Environment);
            }
            catch (EnvironmentSpecException e)
            {
                throw new StarterException($"{e.Message} (or use --sandbox to try it locally)", 2);
            }
        }
        await using var runtime = await StarterCommands.ConnectAsync(context, request.Sandbox, request.TimeScale, needWorker: true, cancellationToken).ConfigureAwait(false);
        if (!request.Json)
        {
            await context.Out.WriteLineAsync(runtime.ServerDescription).ConfigureAwait(false);
        }
        var id = request.DryRun ? $"plan-{request.Environment}-{Guid.NewGuid():N}" : StarterCommands.WorkflowIdFor(request.Kind, request.Environment);
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
        if (ttl is { } lifetime && !request.DryRun)
        {
            var status = await ReviewEnvironments.StartTtlAsync(runtime, request.Environment, lifetime).ConfigureAwait(false);
            if (!request.Json)
            {
                await context.Out.WriteLineAsync(status is null ? $"TTL of {request.Environment}: started (workflow {WorkflowNames.Ttl(request.Environment)})" : TtlCommand.Describe(status, DateTime.UtcNow)).ConfigureAwait(false);
            }
        }
        return 0;
    }

    private static async Task<WorkflowHandle> StartOrResumeAsync(StarterContext context, StarterRuntime runtime, RunRequest request, string id)
    {
        if (!request.DryRun)
        {
            await EnvironmentRuns.RefuseIfAnotherRunsAsync(runtime.Client, request.Environment, id).ConfigureAwait(false);
        }
        var options = StarterCommands.StartOptions(id);
        var retryScale = runtime.RetryScale;
        try
        {
            return request.Kind switch
            {
                "setup" => await runtime.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(
                    new SetupInput(request.Environment, request.AutoApprove, request.DryRun, request.Template, request.ApprovalTimeout, retryScale)), options).ConfigureAwait(false),
                "infra" => await runtime.Client.StartWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput(request.Environment, null, retryScale)), options).ConfigureAwait(false),
                _ => await runtime.Client.StartWorkflowAsync((CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput(request.Environment, request.Template, null, null, retryScale)), options).ConfigureAwait(false),
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
            var phase = request.Kind == "setup" ? "a setup" : $"a {request.Kind} run";
            throw new StarterException($"{phase} of {request.Environment} is already running (workflow {id}); follow it with `starter status --env={request.Environment}`", 3);
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
                await Schedules.ScheduleHint.PrintAsync(context, result).ConfigureAwait(false);
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
