using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

public sealed record RunRequest(string Kind, string Environment, bool Sandbox, double TimeScale, bool Json, bool AutoApprove, bool DryRun,
    string? Template, TimeSpan? ApprovalTimeout, ReviewRequest? Review = null);

/// <summary><c>starter run setup|infra|coder</c> and <c>starter plan</c>: start the workflow (or resume it) and follow it to its end.</summary>
internal static class RunCommand
{
    /// <summary>How long a follower waits for the exited owner's lock on .local/ to be released before giving up.</summary>
    private static readonly TimeSpan TakeOverWait = TimeSpan.FromSeconds(15);

    public static async Task<int> ExecuteAsync(StarterContext context, RunRequest request, CancellationToken cancellationToken)
    {
        var ttl = request.Review is { } review ? ReviewEnvironments.Prepare(context, request.Environment, review) : (TimeSpan?)null;
        RunValidation.Validate(context, request);
        if (!request.Sandbox && StarterRuntime.ConfiguredServer(context) is null)
        {
            // The worker runs here and talks to Scaleway: its credentials must be there before anything starts.
            RunValidation.RequireScalewayCredentials(context);
        }
        var id = request.DryRun ? $"plan-{request.Environment}-{Guid.NewGuid():N}" : WorkflowNames.For(request.Kind, request.Environment);
        var runtimeRequest = new RuntimeRequest(request.Sandbox, request.TimeScale, NeedWorker: true,
            $"{WorkflowNames.For(request.DryRun ? "plan" : request.Kind, request.Environment)}/starter");
        var runtime = await StarterRuntime.StartAsync(context, runtimeRequest, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!request.Json)
            {
                await context.Out.WriteLineAsync(runtime.ServerDescription).ConfigureAwait(false);
            }
            await StartOrResumeAsync(context, runtime, request, id).ConfigureAwait(false);
            await PrintUiPageAsync(context, runtime, request, id).ConfigureAwait(false);
            return await FollowToEndAsync(context, runtime, runtimeRequest, request, id, ttl, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The run's page in the Temporal UI, when the server has one (not with --json: its output stays one document).</summary>
    internal static async Task PrintUiPageAsync(StarterContext context, StarterRuntime runtime, RunRequest request, string id)
    {
        if (!request.Json && runtime.UiPage(id) is { } page)
        {
            await context.Out.WriteLineAsync($"Temporal UI: {page}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Follows the latest run of <paramref name="id"/> to its end and prints its summary: the exit code. When the
    /// Starter that owned .local/ exits meanwhile, this one takes its server and worker over (and disposes them).
    /// </summary>
    internal static async Task<int> FollowToEndAsync(StarterContext context, StarterRuntime runtime, RuntimeRequest runtimeRequest, RunRequest request, string id,
        TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var current = runtime;
        try
        {
            var started = DateTime.UtcNow;
            var printer = request.Json ? null : new ProgressPrinter(context.Out, started);
            while (true)
            {
                try
                {
                    var outcome = await FollowAsync(context, current, request, id, printer, cancellationToken).ConfigureAwait(false);
                    if (outcome is not null)
                    {
                        return outcome.Value;
                    }
                    await PrintSummaryAsync(context, current.Client, request, id, DateTime.UtcNow - started).ConfigureAwait(false);
                    if (ttl is { } lifetime && !request.DryRun)
                    {
                        var status = await ReviewEnvironments.StartTtlAsync(current, request.Environment, lifetime).ConfigureAwait(false);
                        if (!request.Json)
                        {
                            await context.Out.WriteLineAsync(status is null ? $"TTL of {request.Environment}: started (workflow {WorkflowNames.Ttl(request.Environment)})" : TtlCommand.Describe(status, DateTime.UtcNow)).ConfigureAwait(false);
                        }
                    }
                    return 0;
                }
                catch (Temporalio.Exceptions.RpcException e) when (current.FollowsAnotherStarter && IsConnectionLost(e) && !cancellationToken.IsCancellationRequested)
                {
                    var next = await TakeOverAsync(context, runtimeRequest, cancellationToken).ConfigureAwait(false)
                        ?? throw new StarterException($"the Starter that owned {context.LocalStateDirectory} exited and {id} could not be taken over here; "
                            + $"run `{ResumeCommand(request)}` to resume it", 1);
                    if (current != runtime)
                    {
                        await current.DisposeAsync().ConfigureAwait(false);
                    }
                    current = next;
                    await context.Out.WriteLineAsync($"the Starter that owned {context.LocalStateDirectory} exited: this one took over (server and worker) and keeps following {id}").ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (current != runtime)
            {
                await current.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Follows the run to its end: null when it completed, otherwise the exit code (its failure printed).</summary>
    private static async Task<int?> FollowAsync(StarterContext context, StarterRuntime runtime, RunRequest request, string id, ProgressPrinter? printer, CancellationToken cancellationToken)
    {
        var result = runtime.Client.GetWorkflowHandle(id).GetResultAsync<object?>(rpcOptions: new() { CancellationToken = cancellationToken });
        // The run ends, or the worker of this process stops (then nothing here would ever move it on).
        var ended = Task.WhenAny(result, runtime.WorkerStopped);
        if (printer is not null)
        {
            await printer.FollowAsync(runtime.Client, id, request.Environment, ended, context.ProgressInterval, cancellationToken).ConfigureAwait(false);
        }
        await ended.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!result.IsCompleted && runtime.WorkerStopped.IsCompleted)
        {
            var reason = runtime.WorkerStopped.Exception?.GetBaseException().Message.ReplaceLineEndings(" ") ?? "it stopped";
            throw new StarterException($"the worker of this Starter stopped ({reason}); {id} is kept and waits: run `{ResumeCommand(request)}` to resume it", 1);
        }
        try
        {
            await result.ConfigureAwait(false);
            return null;
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
    }

    private static bool IsConnectionLost(Temporalio.Exceptions.RpcException e) =>
        e.Code is Temporalio.Exceptions.RpcException.StatusCode.Unavailable or Temporalio.Exceptions.RpcException.StatusCode.Unknown
            or Temporalio.Exceptions.RpcException.StatusCode.Cancelled or Temporalio.Exceptions.RpcException.StatusCode.DeadlineExceeded;

    /// <summary>Waits a little for the exited owner's lock to go, then takes .local/ over; null when that is not possible.</summary>
    private static async Task<StarterRuntime?> TakeOverAsync(StarterContext context, RuntimeRequest request, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TakeOverWait;
        while (true)
        {
            try
            {
                if (await StarterRuntime.TryTakeOverAsync(context, request, cancellationToken).ConfigureAwait(false) is { } runtime)
                {
                    return runtime;
                }
            }
            catch (StarterException)
            {
                return null;
            }
            if (DateTime.UtcNow > deadline)
            {
                return null;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ResumeCommand(RunRequest request) =>
        $"starter run {request.Kind} --env={request.Environment}{(request.Sandbox ? " --sandbox" : string.Empty)}";

    private static async Task StartOrResumeAsync(StarterContext context, StarterRuntime runtime, RunRequest request, string id)
    {
        if (!request.DryRun)
        {
            // One run per environment at a time, across kinds (a setup's own phase runs are named by the setup first).
            await EnvironmentRuns.RefuseIfAnotherRunsAsync(runtime.Client, request.Environment, id).ConfigureAwait(false);
        }
        var options = runtime.StartOptions(id, request.Environment, request.Kind);
        var retryScale = runtime.RetryScale;
        try
        {
            switch (request.Kind)
            {
                case "setup":
                    await runtime.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(
                        new SetupInput(request.Environment, request.AutoApprove, request.DryRun, request.Template, request.ApprovalTimeout, retryScale)), options).ConfigureAwait(false);
                    break;
                case "infra":
                    await runtime.Client.StartWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput(request.Environment, null, retryScale)), options).ConfigureAwait(false);
                    break;
                default:
                    await runtime.Client.StartWorkflowAsync((CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput(request.Environment, request.Template, null, null, retryScale)), options).ConfigureAwait(false);
                    break;
            }
        }
        catch (WorkflowAlreadyStartedException e)
        {
            if (runtime.OwnsLocalState && !request.DryRun)
            {
                // This process owns the local server: the running workflow belongs to a Starter that was killed. Pick it up.
                await context.Out.WriteLineAsync($"resuming the {request.Kind} of {request.Environment} already in progress (workflow {id}, run {e.RunId})").ConfigureAwait(false);
                await Hosting.KilledWorkerActivities.RetryNowAsync(runtime.Client, id, context.Out).ConfigureAwait(false);
                return;
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
                    await Schedules.SetupSchedules.FinishAsync(context, client, result, context.Error).ConfigureAwait(false);
                    return;
                }
                await SummaryPrinter.PrintSetupAsync(context.Out, result, elapsed).ConfigureAwait(false);
                await Schedules.SetupSchedules.FinishAsync(context, client, result, context.Out).ConfigureAwait(false);
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
