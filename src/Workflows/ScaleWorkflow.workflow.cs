using System.Globalization;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Scale;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The scale of an environment's node pool, as the specification's scale.sh: spec → the pool now and
/// the monthly cost before/after, the delta and the share of the budget (reads only; with a
/// recommendation from node usage) → approval gate when the environment requires it or the new cost
/// exceeds the budget → pool update (only what differs) → wait until the pool is ready → the new
/// desired size in the infra state. A second identical scale stops after the analysis ("already").
/// </summary>
[Workflow]
public sealed class ScaleWorkflow() : ApprovalGatedWorkflow("scale")
{
    /// <summary>Scales started before it send no scale.completed.</summary>
    public const string CompletedNotificationPatch = "scale-sends-completed";

    private readonly StepTracker _steps = new(SpecStep.Name, "analysis", "approval", "resize", "wait", "state");
    private string? _specDigest;

    [WorkflowQuery]
    public RunStatus Status => new(Environment, "scale", _steps.Phase, _steps.Steps, _specDigest);

    [WorkflowRun]
    public async Task<ScaleResult> RunAsync(ScaleInput input)
    {
        var env = Environment = input.Environment;
        var started = Workflow.UtcNow;
        var policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        // A scale reports a wait for approval (approval.waiting) and what it changed (scale.completed), no start.
        var notify = RunNotifier.ForRun("scale", env, policies, silent: input.AnalyzeOnly);
        _steps.Phase = "analysis";
        var spec = await SpecStep.RunAsync(_steps, env, null, policies);
        _specDigest = spec.Digest;
        var target = input.Target;
        var analysis = await _steps.RunAsync("analysis",
            () => Workflow.ExecuteActivityAsync((ScaleActivities a) => a.AnalyzeScaleAsync(new(spec, target)), policies.Quick),
            Describe);
        if (input.AnalyzeOnly || analysis.AlreadyDone)
        {
            var reason = input.AnalyzeOnly ? "--analyze-only" : $"already {target}";
            foreach (var step in new[] { "approval", "resize", "wait", "state" })
            {
                _steps.Skip(step, reason);
            }
            var outcome = input.AnalyzeOnly ? "analyzed" : "already";
            _steps.Phase = $"done ({outcome})";
            return new ScaleResult(env, outcome, analysis, analysis.Pool, null, null, started, Workflow.UtcNow);
        }

        var why = spec.Spec.ApprovalRequired ? $"{env} requires approval"
            : analysis.ExceedsBudget ? $"€{analysis.AfterEur:F2}/month exceeds the budget of €{analysis.BudgetEur:F2}"
            : null;
        var approval = await Approval.PassAsync(_steps, env, why, input.AutoApprove, input.ApprovalTimeout, "the pool was not changed", notify);

        _steps.Phase = "resize";
        var request = new PoolResizeRequest(spec, analysis.Pool.ClusterId, analysis.Pool.PoolId, target);
        await _steps.RunAsync("resize",
            () => Workflow.ExecuteActivityAsync((ScaleActivities a) => a.ResizePoolAsync(request), policies.Ensure),
            r => r.Changed ? $"pool {r.Pool.Name} set to {target}" : $"pool {r.Pool.Name} already {target}");
        var ready = await _steps.RunAsync("wait",
            () => Workflow.ExecuteActivityAsync((ScaleActivities a) => a.WaitForPoolReadyAsync(request), policies.ResourceWait),
            p => $"{p.ReadyNodes} nodes ready");
        var recorded = await _steps.RunAsync("state",
            () => Workflow.ExecuteActivityAsync((ScaleActivities a) => a.RecordPoolSizeAsync(new(spec, ready, target)), policies.Quick),
            s => $"infra state version {s.Version.ToString(CultureInfo.InvariantCulture)}");
        if (Workflow.Patched(CompletedNotificationPatch))
        {
            await notify.CompletedAsync($"scale of {env} completed: {Describe(analysis)}", Completed(analysis, ready, approval));
        }
        _steps.Phase = "done";
        return new ScaleResult(env, "scaled", analysis, ready, approval, recorded.Version, started, Workflow.UtcNow);
    }

    private static Dictionary<string, string> Completed(ScaleAnalysis a, PoolSnapshot ready, ApprovalDecision? approval)
    {
        var details = new Dictionary<string, string>
        {
            ["pool"] = a.Pool.Name,
            ["nodes"] = $"{a.Pool.Size.ToString(CultureInfo.InvariantCulture)} → {ready.Size.ToString(CultureInfo.InvariantCulture)} ({ready.ReadyNodes.ToString(CultureInfo.InvariantCulture)} ready)",
            ["target"] = a.Target.ToString(),
            ["monthly cost"] = $"€{a.BeforeEur:F2} → €{a.AfterEur:F2} ({Signed(a.DeltaEur)})",
        };
        if (a.BudgetUsedPercentAfter is { } used)
        {
            details["budget used"] = $"{used.ToString("0.0", CultureInfo.InvariantCulture)} % of €{a.BudgetEur:F2}";
        }
        if (approval is not null)
        {
            details["approved by"] = approval.By;
        }
        return details;
    }

    private static string Describe(ScaleAnalysis a) =>
        $"{a.Pool.Size} → {a.NodesAfter} nodes: €{a.BeforeEur:F2} → €{a.AfterEur:F2}/month ({Signed(a.DeltaEur)})"
        + (a.BudgetUsedPercentAfter is { } p ? $", {p.ToString("0.0", CultureInfo.InvariantCulture)} % of €{a.BudgetEur:F2}" : string.Empty);

    /// <summary>A cost delta as people read it: +€84.60 or -€7.05.</summary>
    public static string Signed(decimal delta) => delta >= 0 ? $"+€{delta:F2}" : $"-€{-delta:F2}";
}
