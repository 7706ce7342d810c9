using System.CommandLine;
using System.Text.Json;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

/// <summary>
/// The <c>starter</c> command line: run setup|infra|coder, retry, plan, status, approve, reject, cancel,
/// terminate, cost, kubeconfig, templates. Bad input gets one line on stderr and exit code 2, and changes nothing.
/// </summary>
public static class StarterCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The longest approval wait a run accepts (a timer beyond that is almost surely a typo).</summary>
    internal static readonly TimeSpan MaximumApprovalTimeout = TimeSpan.FromDays(30);

    public static async Task<int> RunAsync(string[] args, StarterContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        context = context with { Verbose = context.Verbose || args.Contains("--verbose") };
        var root = Build(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await context.Error.WriteLineAsync($"starter: {ParseErrors.Describe(parsed)} (see starter --help)").ConfigureAwait(false);
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (StarterException e)
        {
            await context.Error.WriteLineAsync($"starter: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (Exception e) when (e is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: however the SDK reported the abandoned call, this is an interruption.
            throw new OperationCanceledException("interrupted", e, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything unexpected still gets one line; details are in the log files under logs/.
            await context.Error.WriteLineAsync($"starter: {FailureMessage(e).ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return 1;
        }
    }

    private static RootCommand Build(StarterContext context)
    {
        var env = new Option<string>("--env") { Description = "environment: dev, staging or prod (deploy/environments/<env>.yaml)", Required = true };
        var sandbox = new Option<bool>("--sandbox") { Description = "run against the local sandbox cloud, with the embedded Temporal server and an in-process worker (state in .local/)" };
        var timeScale = new Option<double>("--time-scale")
        {
            Description = "with --sandbox: multiplier of the sandbox's realistic delays",
            DefaultValueFactory = _ => 0.05,
            CustomParser = result => CommandLineValues.PositiveNumber(result, "0.05"),
        };
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var autoApprove = new Option<bool>("--auto-approve") { Description = "approve the approval gate up front (CI)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "show the plan and monthly cost; change nothing" };
        var template = new Option<string?>("--template") { Description = "push only this template, or the templates of this category (templates/)" };
        var approvalTimeout = new Option<TimeSpan?>("--approval-timeout")
        {
            Description = $"how long a run waits for approval before stopping, e.g. {CommandLineValues.DurationExamples} (default 24:00:00, at most 30 days)",
            CustomParser = result => CommandLineValues.Duration(result, MaximumApprovalTimeout),
        };
        var from = new Option<string?>("--from") { Description = "set up a review environment named --env from this base environment (with --ttl)" };
        var ttl = new Option<string?>("--ttl") { Description = "with --from: tear the review environment down this long after its setup (s, m, h or d, e.g. 48h)" };

        var run = new Command("run", "start a run and follow it until it ends");
        foreach (var kind in new[] { "setup", "infra", "coder" })
        {
            var command = new Command(kind, kind switch
            {
                "setup" => "the whole setup: hooks, checks, plan, approval, phase 1, phase 2, health checks",
                "infra" => "phase 1 only: network, cluster, database, kubeconfig (the specification's --no-coder)",
                _ => "phase 2 only: Coder on an environment whose phase 1 is done",
            });
            command.Options.Add(env);
            command.Options.Add(sandbox);
            command.Options.Add(timeScale);
            command.Options.Add(json);
            if (kind == "setup")
            {
                command.Options.Add(autoApprove);
                command.Options.Add(dryRun);
                command.Options.Add(approvalTimeout);
                command.Options.Add(from);
                command.Options.Add(ttl);
            }
            if (kind != "infra")
            {
                command.Options.Add(template);
            }
            command.SetAction((parse, ct) => RunCommand.ExecuteAsync(context, new RunRequest(
                kind, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(timeScale), parse.GetValue(json),
                kind == "setup" && parse.GetValue(autoApprove), kind == "setup" && parse.GetValue(dryRun),
                kind == "infra" ? null : parse.GetValue(template), kind == "setup" ? parse.GetValue(approvalTimeout) : null,
                kind == "setup" ? Review(parse.GetValue(from), parse.GetValue(ttl)) : null), ct));
            run.Subcommands.Add(command);
        }
        run.Subcommands.Add(TeardownCommand.Build(context, env, sandbox, timeScale, json, autoApprove, approvalTimeout));

        Backups.BackupCommands.AddRunCommands(run, context, env, sandbox, timeScale, json);

        var plan = new Command("plan", "dry run: what exists, what would be created, the monthly cost; changes nothing") { env, sandbox, timeScale, json };
        plan.SetAction((parse, ct) => RunCommand.ExecuteAsync(context, new RunRequest(
            "setup", parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(timeScale), parse.GetValue(json), false, true, null, null), ct));

        var status = new Command("status", "phase, steps and progress of the environment's latest run") { env, sandbox, json };
        status.SetAction((parse, ct) => StatusCommand.ExecuteAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(json), ct));

        var retryFrom = new Option<string>("--from")
        {
            Description = $"where the new run starts: {RetryCommand.FromPhase2} (after phase 1, which is not touched again) or {RetryCommand.FromStart} (the first workflow task)",
            DefaultValueFactory = _ => RetryCommand.FromPhase2,
        };
        var retry = new Command("retry", "reset the environment's last failed setup run (Temporal's Reset, as in the UI) and follow the new run") { env, sandbox, timeScale, json, retryFrom };
        retry.SetAction((parse, ct) => RetryCommand.ExecuteAsync(context, parse.GetValue(env)!, parse.GetValue(retryFrom)!, parse.GetValue(sandbox), parse.GetValue(timeScale), parse.GetValue(json), ct));

        var by = new Option<string>("--by") { Description = "who approves", DefaultValueFactory = _ => System.Environment.UserName };
        var approve = new Command("approve", "approve the setup, teardown or scale waiting at its approval gate") { env, sandbox, by };
        approve.SetAction((parse, ct) => StatusCommand.DecideAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox),
            new ApprovalDecision(true, parse.GetValue(by)!, null), ct));
        var reason = new Option<string>("--reason") { Description = "why the setup is rejected", Required = true };
        var reject = new Command("reject", "reject the setup or teardown waiting at its approval gate; it stops without changing anything") { env, sandbox, reason, by };
        reject.SetAction((parse, ct) => StatusCommand.DecideAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox),
            new ApprovalDecision(false, parse.GetValue(by)!, parse.GetValue(reason)), ct));

        var kindOption = new Option<string?>("--kind") { Description = $"which run: {string.Join(", ", WorkflowNames.Kinds)} (default: the one running)" };
        kindOption.AcceptOnlyFromAmong([.. WorkflowNames.Kinds]);
        var cancel = new Command("cancel", "ask the environment's running run to stop; it cleans up and ends as cancelled") { env, sandbox, kindOption };
        cancel.SetAction((parse, ct) => StopCommand.CancelAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(kindOption), ct));
        var terminateReason = new Option<string>("--reason") { Description = "why the run is terminated (recorded in its history)", Required = true };
        var terminate = new Command("terminate", "end a stuck run at once, without clean-up (what it created stays; the next setup adopts it)") { env, sandbox, kindOption, terminateReason };
        terminate.SetAction((parse, ct) => StopCommand.TerminateAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(kindOption), parse.GetValue(terminateReason)!, ct));

        var cost = CostCommand.Build(context, sandbox, timeScale);
        var scale = ScaleCommand.Build(context, env, sandbox, timeScale, json, autoApprove, approvalTimeout);

        var output = new Option<string?>("--output") { Description = "where to write it (default ~/.kube/config-coder-<env>)" };
        var kubeconfig = new Command("kubeconfig", "write the environment's kubeconfig locally (mode 0600) and print a link valid one hour") { env, sandbox, output };
        kubeconfig.SetAction((parse, ct) => KubeconfigCommand.ExecuteAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(output), ct));

        var verbose = new Option<bool>("--verbose") { Description = "also print the SDK's and the worker's log lines (always in logs/)", Recursive = true };
        return new RootCommand("coder-bootstrap starter: deploy and operate Coder on Scaleway with Temporal workflows")
        {
            run, retry, plan, status, approve, reject, TtlCommand.Build(context, env, sandbox, json), cancel, terminate, cost, scale, PricesCommand.Build(context), kubeconfig, TemplatesCommand.Create(context),
            Backups.BackupCommands.Build(context, env, sandbox, json), Schedules.ScheduleCommands.Build(context, env, sandbox, json), verbose,
        };
    }

    /// <summary>--from and --ttl go together (exit 2 otherwise).</summary>
    private static ReviewRequest? Review(string? from, string? ttl) => (from, ttl) switch
    {
        (null, null) => null,
        ({ } f, { } t) => new ReviewRequest(f, t),
        _ => throw new StarterException("--from and --ttl go together: `starter run setup --env=<name> --from=<base> --ttl=48h`", 2),
    };

    /// <summary>Loads the environment spec: an unknown name or a malformed file is bad input (exit 2).</summary>
    internal static EnvironmentSpec LoadEnvironment(StarterContext context, string name)
    {
        var loader = new EnvironmentSpecLoader(Path.Combine(context.RepositoryRoot, "deploy", "environments"));
        try
        {
            return loader.Load(name);
        }
        catch (EnvironmentSpecException e)
        {
            throw new StarterException(e.Message, 2);
        }
    }

    internal static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>The message a person needs from a workflow failure (one definition, with the status steps').</summary>
    internal static string FailureMessage(Exception e) => StepTracker.FailureMessage(e);

    /// <summary>The Temporal connection of a command; the SDK's lines go to logs/&lt;log key&gt;.log.</summary>
    internal static Task<StarterRuntime> ConnectAsync(StarterContext context, bool sandbox, double timeScale, bool needWorker, string logKey, CancellationToken ct) =>
        StarterRuntime.StartAsync(context, new RuntimeRequest(sandbox, timeScale, needWorker, logKey), ct);

    internal static WorkflowOptions StartOptions(string id) => new(id, WorkflowNames.TaskQueue)
    {
        IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.Fail,
    };
}
