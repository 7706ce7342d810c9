using System.CommandLine;
using System.Globalization;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

public sealed record ScaleRequest(string Environment, int? Nodes, bool AnalyzeOnly, bool Auto, int? Min, int? Max, bool Json, bool AutoApprove,
    TimeSpan? ApprovalTimeout, bool Sandbox, double TimeScale);

/// <summary>
/// <c>starter scale</c>, the specification's scale.sh: <c>--nodes=N</c> or <c>--auto --min=A --max=B</c>
/// runs <c>scale-&lt;env&gt;</c> (cost before/after and delta, approval gate, pool update, wait, infra
/// state) and follows it; <c>--analyze-only</c> changes nothing: the cost analysis and a recommendation
/// from node usage. Bad input is one line and exit 2 with nothing started; another run of the
/// environment in progress is exit 3.
/// </summary>
internal static class ScaleCommand
{
    public static Command Build(StarterContext context, Option<string> env, Option<bool> sandbox, Option<double> timeScale, Option<bool> json,
        Option<bool> autoApprove, Option<TimeSpan?> approvalTimeout)
    {
        var nodes = new Option<int?>("--nodes") { Description = "the pool's new size" };
        var analyzeOnly = new Option<bool>("--analyze-only") { Description = "the cost analysis and a recommendation from node usage; change nothing" };
        var auto = new Option<bool>("--auto") { Description = "autoscale the pool within --min..--max" };
        var min = new Option<int?>("--min") { Description = "with --auto: the fewest nodes" };
        var max = new Option<int?>("--max") { Description = "with --auto: the most nodes" };
        var command = new Command("scale", "scale the environment's node pool, with the monthly cost before and after")
        {
            env, nodes, analyzeOnly, auto, min, max, json, autoApprove, approvalTimeout, sandbox, timeScale,
        };
        command.SetAction((parse, ct) => ExecuteAsync(context, new ScaleRequest(parse.GetValue(env)!, parse.GetValue(nodes), parse.GetValue(analyzeOnly),
            parse.GetValue(auto), parse.GetValue(min), parse.GetValue(max), parse.GetValue(json), parse.GetValue(autoApprove), parse.GetValue(approvalTimeout),
            parse.GetValue(sandbox), parse.GetValue(timeScale)), ct));
        return command;
    }

    /// <summary>Checks the request against the spec without touching anything; the one line of a refusal (exit 2).</summary>
    internal static void Validate(ScaleRequest request, EnvironmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(spec);
        if (request.TimeScale <= 0)
        {
            throw new StarterException("--time-scale must be greater than 0", 2);
        }
        var bounds = spec.Kubernetes.NodePool.Autoscaling;
        if (request.Auto)
        {
            if (request.Nodes is not null)
            {
                throw new StarterException("pass either --nodes=N or --auto --min=A --max=B, not both", 2);
            }
            if (request.Min is not { } a || request.Max is not { } b)
            {
                throw new StarterException("--auto needs --min=A and --max=B", 2);
            }
            if (a < 1)
            {
                throw new StarterException($"--min must be at least 1 (got {a})", 2);
            }
            if (a > b)
            {
                throw new StarterException($"--min ({a}) is greater than --max ({b})", 2);
            }
            return;
        }
        if (request.Min is not null || request.Max is not null)
        {
            throw new StarterException("--min and --max go with --auto", 2);
        }
        if (request.Nodes is null)
        {
            if (request.AnalyzeOnly)
            {
                return;
            }
            throw new StarterException("pass --nodes=N, --auto --min=A --max=B, or --analyze-only", 2);
        }
        if (request.Nodes < 1)
        {
            throw new StarterException($"--nodes must be at least 1 (got {request.Nodes})", 2);
        }
        if (bounds.Enabled && request.Nodes > bounds.MaxSize)
        {
            throw new StarterException($"--nodes={request.Nodes} is above the pool's max of {bounds.MaxSize} (autoscaling {bounds.MinSize}-{bounds.MaxSize}); raise it with --auto --min={bounds.MinSize} --max={request.Nodes}", 2);
        }
        if (bounds.Enabled && request.Nodes < bounds.MinSize)
        {
            throw new StarterException($"--nodes={request.Nodes} is below the pool's min of {bounds.MinSize} (autoscaling {bounds.MinSize}-{bounds.MaxSize}); lower it with --auto --min={request.Nodes} --max={bounds.MaxSize}", 2);
        }
    }

    public static async Task<int> ExecuteAsync(StarterContext context, ScaleRequest request, CancellationToken ct)
    {
        var spec = StarterCommands.LoadEnvironment(context, request.Environment);
        Validate(request, spec);
        var id = request.AnalyzeOnly ? $"scale-analysis-{request.Environment}-{Guid.NewGuid():N}" : WorkflowNames.Scale(request.Environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, request.Sandbox, request.TimeScale, needWorker: true, $"{WorkflowNames.Scale(request.Environment)}/starter", ct).ConfigureAwait(false);
        var input = new ScaleInput(request.Environment, request.Nodes, request.Auto, request.Min, request.Max, request.AnalyzeOnly, request.AutoApprove,
            request.ApprovalTimeout, runtime.RetryScale);
        if (!request.AnalyzeOnly)
        {
            await EnvironmentRuns.RefuseIfAnotherRunsAsync(runtime.Client, request.Environment, id).ConfigureAwait(false);
        }
        WorkflowHandle<ScaleWorkflow, ScaleResult> handle;
        try
        {
            handle = await runtime.Client.StartWorkflowAsync((ScaleWorkflow w) => w.RunAsync(input), runtime.StartOptions(id, request.Environment, "scale")).ConfigureAwait(false);
        }
        catch (WorkflowAlreadyStartedException)
        {
            throw EnvironmentRuns.AlreadyRunning(request.Environment, id);
        }
        var result = handle.GetResultAsync();
        if (!request.Json && !request.AnalyzeOnly)
        {
            await context.Out.WriteLineAsync(runtime.ServerDescription).ConfigureAwait(false);
            await new ProgressPrinter(context.Out, DateTime.UtcNow).FollowAsync(runtime.Client, id, request.Environment, result, context.ProgressInterval, ct).ConfigureAwait(false);
        }
        ScaleResult summary;
        try
        {
            summary = await result.ConfigureAwait(false);
        }
        catch (WorkflowFailedException e)
        {
            var message = StarterCommands.FailureMessage(e);
            if (request.Json)
            {
                await context.Out.WriteLineAsync(StarterCommands.ToJson(new { environment = request.Environment, kind = "scale", outcome = "failed", error = message })).ConfigureAwait(false);
            }
            await context.Error.WriteLineAsync($"starter: scale of {request.Environment} failed: {message}").ConfigureAwait(false);
            return IsBadInput(e) ? 2 : 1;
        }
        if (request.Json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(summary)).ConfigureAwait(false);
            return 0;
        }
        await context.Out.WriteAsync(Format(summary)).ConfigureAwait(false);
        return 0;
    }

    private static bool IsBadInput(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ApplicationFailureException { ErrorType: nameof(Activities.Runtime.FailureKind.InvalidArguments) })
            {
                return true;
            }
        }
        return false;
    }

    internal static string Format(ScaleResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var a = result.Analysis;
        var p = a.Pool;
        var now = p.Autoscaling ? $"{p.Size} nodes (autoscaling {p.MinSize}-{p.MaxSize})" : $"{p.Size} nodes";
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Scale of {result.Environment}: pool {p.Name} ({p.NodeType.ToUpperInvariant()}, €{a.NodeMonthlyEur:F2}/node-month), now {now}");
        if (!a.Target.IsEmpty)
        {
            var priced = a.Target.Autoscale ? $" (priced at {a.NodesAfter} nodes)" : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"  Target:          {a.Target}{priced}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Cost before:     €{a.BeforeEur:F2}/month");
            text.AppendLine(CultureInfo.InvariantCulture, $"  Cost after:      €{a.AfterEur:F2}/month ({ScaleWorkflow.Signed(a.DeltaEur)})");
            if (a.CeilingEur is { } ceiling)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  At most:         €{ceiling:F2}/month at {a.Target.MaxNodes} nodes");
            }
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Cost now:        €{a.BeforeEur:F2}/month");
        }
        var share = a.BudgetUsedPercentAfter is { } percent ? $" ({percent.ToString("0.0", CultureInfo.InvariantCulture)} % used{(a.Target.IsEmpty ? string.Empty : " after")})" : string.Empty;
        text.AppendLine(CultureInfo.InvariantCulture, $"  Budget:          €{a.BudgetEur:F2}/month{share}{(a.ExceedsBudget ? " — exceeded" : string.Empty)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Recommendation:  {a.Recommendation}");
        text.AppendLine(result.Outcome switch
        {
            "analyzed" => "Analysis only: nothing was changed.",
            "already" => $"{result.Environment} already has {a.Target}: nothing changed.",
            _ => $"Scaled: pool {p.Name} is {a.Target} with {result.PoolAfter?.ReadyNodes} ready nodes"
                + (result.Approval is { } approval ? $", approved by {approval.By}" : string.Empty)
                + $"; infra state version {result.InfraStateVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"}.",
        });
        return text.ToString();
    }
}
