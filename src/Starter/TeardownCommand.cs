using System.CommandLine;
using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

public sealed record TeardownRequest(string Environment, bool Sandbox, double TimeScale, bool Json, bool Confirm, bool AutoApprove,
    bool SkipBackup, int RetentionDays, bool CoderOnly, bool PurgeState, TimeSpan? ApprovalTimeout);

/// <summary>
/// <c>starter run teardown</c>: destructive, so without --confirm it only shows the inventory (what
/// would go and what it costs per month) and exits 2, having changed nothing. With --confirm it
/// starts (or resumes) <c>teardown-&lt;env&gt;</c> and follows it to its summary; it is refused
/// (exit 3) while any other run of the environment is running.
/// </summary>
internal static class TeardownCommand
{
    public static Command Build(StarterContext context, Option<string> env, Option<bool> sandbox, Option<double> timeScale, Option<bool> json,
        Option<bool> autoApprove, Option<TimeSpan?> approvalTimeout)
    {
        var confirm = new Option<bool>("--confirm") { Description = "really tear down; without it the inventory is shown and nothing changes" };
        var skipBackup = new Option<bool>("--skip-backup") { Description = "no pre-destroy backup (recorded in the run's history)" };
        var retention = new Option<int>("--retention-days") { Description = "how long the pre-destroy backup is kept", DefaultValueFactory = _ => TeardownInput.DefaultRetentionDays };
        var coderOnly = new Option<bool>("--coder-only") { Description = "tear down Coder only (phase 2); the infrastructure stays" };
        var purgeState = new Option<bool>("--purge-state") { Description = "also delete the state bucket (never the backups)" };
        var command = new Command("teardown", "tear the environment down: backup, Coder, then infrastructure; nothing left billing")
        {
            env, sandbox, timeScale, json, confirm, autoApprove, approvalTimeout, skipBackup, retention, coderOnly, purgeState,
        };
        command.SetAction((parse, ct) => ExecuteAsync(context, new TeardownRequest(parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(timeScale),
            parse.GetValue(json), parse.GetValue(confirm), parse.GetValue(autoApprove), parse.GetValue(skipBackup), parse.GetValue(retention),
            parse.GetValue(coderOnly), parse.GetValue(purgeState), parse.GetValue(approvalTimeout)), ct));
        return command;
    }

    public static async Task<int> ExecuteAsync(StarterContext context, TeardownRequest request, CancellationToken cancellationToken)
    {
        StarterCommands.LoadEnvironment(context, request.Environment);
        if (request.TimeScale <= 0)
        {
            throw new StarterException("--time-scale must be greater than 0", 2);
        }
        if (request.RetentionDays <= 0)
        {
            throw new StarterException("--retention-days must be at least 1", 2);
        }
        if (!request.Sandbox && StarterRuntime.ConfiguredServer(context) is null)
        {
            // The worker runs here and talks to Scaleway: its credentials must be there before anything starts.
            RunValidation.RequireScalewayCredentials(context);
        }
        var id = WorkflowNames.Teardown(request.Environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, request.Sandbox, request.TimeScale, needWorker: true, $"{id}/starter", cancellationToken).ConfigureAwait(false);
        if (!request.Json)
        {
            await context.Out.WriteLineAsync(runtime.ServerDescription).ConfigureAwait(false);
        }
        var input = new TeardownInput(request.Environment, request.AutoApprove, !request.Confirm, request.SkipBackup, request.RetentionDays,
            request.CoderOnly, request.PurgeState, request.ApprovalTimeout, runtime.RetryScale);
        if (!request.Confirm)
        {
            return await ShowInventoryAsync(context, runtime.Client, input, request.Json).ConfigureAwait(false);
        }

        await EnvironmentRuns.RefuseIfAnotherRunsAsync(runtime.Client, request.Environment, id).ConfigureAwait(false);
        var handle = await StartOrResumeAsync(context, runtime, input, id).ConfigureAwait(false);
        var started = DateTime.UtcNow;
        var result = handle.GetResultAsync();
        if (!request.Json)
        {
            await new ProgressPrinter(context.Out, started).FollowAsync(runtime.Client, id, request.Environment, result, context.ProgressInterval, cancellationToken).ConfigureAwait(false);
        }
        TeardownResult summary;
        try
        {
            summary = await result.ConfigureAwait(false);
        }
        catch (WorkflowFailedException e)
        {
            var message = StarterCommands.FailureMessage(e);
            if (request.Json)
            {
                await context.Out.WriteLineAsync(StarterCommands.ToJson(new { environment = request.Environment, kind = "teardown", outcome = "failed", error = message })).ConfigureAwait(false);
            }
            await context.Error.WriteLineAsync($"starter: teardown of {request.Environment} failed: {message}; fix the cause and run the same command again to finish it").ConfigureAwait(false);
            return 1;
        }
        if (request.Json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(summary)).ConfigureAwait(false);
            return 0;
        }
        await TeardownSummaryPrinter.PrintAsync(context.Out, summary, DateTime.UtcNow - started).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Reads only (a dry-run teardown: spec and inventory), prints what would go, exit 2.</summary>
    private static async Task<int> ShowInventoryAsync(StarterContext context, ITemporalClient client, TeardownInput input, bool json)
    {
        var result = await client.ExecuteWorkflowAsync((TeardownWorkflow w) => w.RunAsync(input),
            StarterCommands.StartOptions($"inventory-{input.Environment}-{Guid.NewGuid():N}")).ConfigureAwait(false);
        if (json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(result.Inventory)).ConfigureAwait(false);
        }
        else
        {
            await TeardownSummaryPrinter.PrintInventoryAsync(context.Out, result.Inventory).ConfigureAwait(false);
        }
        await context.Error.WriteLineAsync($"starter: nothing was changed; run `starter run teardown --env={input.Environment} --confirm` to tear it down").ConfigureAwait(false);
        return 2;
    }

    private static async Task<WorkflowHandle<TeardownWorkflow, TeardownResult>> StartOrResumeAsync(StarterContext context, StarterRuntime runtime, TeardownInput input, string id)
    {
        try
        {
            return await runtime.Client.StartWorkflowAsync((TeardownWorkflow w) => w.RunAsync(input), runtime.StartOptions(id, input.Environment, "teardown")).ConfigureAwait(false);
        }
        catch (WorkflowAlreadyStartedException e)
        {
            if (runtime.OwnsLocalState)
            {
                // This process owns the local server: the running teardown belongs to a Starter that was killed. Pick it up.
                await context.Out.WriteLineAsync($"resuming the teardown of {input.Environment} already in progress (workflow {id}, run {e.RunId})").ConfigureAwait(false);
                await Hosting.KilledWorkerActivities.RetryNowAsync(runtime.Client, id, context.Out).ConfigureAwait(false);
                return runtime.Client.GetWorkflowHandle<TeardownWorkflow, TeardownResult>(id);
            }
            throw EnvironmentRuns.AlreadyRunning(input.Environment, id);
        }
    }
}
