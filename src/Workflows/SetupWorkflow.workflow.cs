using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The whole setup of an environment, as the specification's runbook: spec snapshot (every step
/// and both phases apply it, whatever happens to the file meanwhile) → pre-setup hook →
/// prerequisites → plan and monthly cost → approval gate (prod, or over budget) → phase 1 (skipped
/// when its state says it is done and the resources still stand) → phase 2 → health checks →
/// post-setup hook → summary.
/// </summary>
[Workflow]
public sealed class SetupWorkflow
{
    private const string HookTimeoutPatch = "hook-timeout-shown";
    private static readonly TimeSpan DefaultApprovalTimeout = TimeSpan.FromHours(24);
    private readonly StepTracker _steps = new(SpecStep.Name, "pre-setup hook", "prerequisites", "plan", "approval", "infrastructure", "coder", "health checks", "post-setup hook");
    private string _environment = string.Empty;
    private string? _specDigest;
    private ActivityPolicies _policies = ActivityPolicies.Unscaled;
    private RunNotifier _notify = RunNotifier.Silent;
    private bool _awaitingApproval;
    private ApprovalDecision? _decision;

    [WorkflowQuery]
    public RunStatus Status => new(_environment, "setup", _steps.Phase, _steps.Steps, _specDigest);

    [WorkflowQuery]
    public bool AwaitingApproval => _awaitingApproval;

    /// <summary>Approve or reject from the Starter: answers at once whether the decision was taken.</summary>
    [WorkflowUpdate]
    public Task<string> DecideAsync(ApprovalDecision decision)
    {
        _decision = decision;
        return Task.FromResult(decision.Approved ? $"approved by {decision.By}" : $"rejected by {decision.By}");
    }

    [WorkflowUpdateValidator(nameof(DecideAsync))]
    public void ValidateDecide(ApprovalDecision decision)
    {
        if (!_awaitingApproval || _decision is not null)
        {
            throw new ApplicationFailureException($"setup of {_environment} is not waiting for approval");
        }
        if (!decision.Approved && string.IsNullOrWhiteSpace(decision.Reason))
        {
            throw new ApplicationFailureException("a rejection needs a reason");
        }
    }

    /// <summary>The same decision as a signal, so the Temporal UI can approve too.</summary>
    [WorkflowSignal]
    public Task ApproveAsync(string by)
    {
        if (_awaitingApproval)
        {
            _decision ??= new ApprovalDecision(true, by, null);
        }
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task RejectAsync(string reason)
    {
        if (_awaitingApproval)
        {
            _decision ??= new ApprovalDecision(false, "temporal-ui", reason);
        }
        return Task.CompletedTask;
    }

    [WorkflowRun]
    public async Task<SetupResult> RunAsync(SetupInput input)
    {
        _environment = input.Environment;
        _policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        _notify = RunNotifier.ForRun("setup", input.Environment, _policies, silent: input.DryRun);
        return await _notify.ReportAsync(() => RunStepsAsync(input), Completed);
    }

    private async Task<SetupResult> RunStepsAsync(SetupInput input)
    {
        var env = input.Environment;
        var durations = new Dictionary<string, TimeSpan>();
        _steps.Phase = "preparation";
        var spec = await SpecStep.RunAsync(_steps, env, null, _policies);
        _specDigest = spec.Digest;
        await _notify.StartedAsync(new Dictionary<string, string> { ["spec"] = spec.Digest });
        if (!input.DryRun)
        {
            await RunHookAsync(spec, new(env, "pre-setup", null, input.OnlyTemplate));
        }
        await _steps.RunAsync("prerequisites",
            () => Workflow.ExecuteActivityAsync((SetupActivities a) => a.CheckPrerequisitesAsync(spec), _policies.Quick),
            r => $"{r.Checks.Count} checks passed");
        var plan = await _steps.RunAsync("plan",
            () => Workflow.ExecuteActivityAsync((PlanActivities a) => a.PlanAsync(spec), _policies.Quick),
            p => $"€{p.MonthlyCostEur:F2}/month, {p.Resources.Count(r => r.Action == PlannedAction.Create)} to create");
        if (input.DryRun)
        {
            _steps.Phase = "done (dry run)";
            return new SetupResult(env, "dry-run", plan, null, null, null, durations, null, false);
        }

        var approval = await ApproveAsync(input, plan);

        _steps.Phase = "infrastructure";
        var (infra, kubeconfig, adopted) = await EnsureInfrastructureAsync(spec, input.RetryScale, durations);

        _steps.Phase = "coder";
        var coder = await _steps.RunAsync("coder", async () =>
        {
            var result = await Workflow.ExecuteChildWorkflowAsync((CoderPhaseWorkflow w) => w.RunAsync(new(env, input.OnlyTemplate, spec, infra, input.RetryScale)),
                new() { Id = WorkflowNames.Coder(env) });
            durations["coder"] = result.CompletedAt - result.StartedAt;
            return result;
        }, r => r.Endpoint.Url);

        _steps.Phase = "verification";
        var health = await _steps.RunAsync("health checks",
            () => Workflow.ExecuteActivityAsync((SetupActivities a) => a.RunHealthChecksAsync(new(new(spec, infra), coder.Templates.Select(t => t.Name).ToList())), _policies.HealthChecks),
            h => $"{h.Checks.Count(c => c.Passed)}/{h.Checks.Count} passed");
        if (!health.AllPassed)
        {
            var failed = string.Join("; ", health.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}"));
            throw new ApplicationFailureException($"health checks failed for {env}: {failed}", "HealthChecksFailed");
        }
        await RunHookAsync(spec, new(env, "post-setup", coder.Endpoint.Url, input.OnlyTemplate));
        _steps.Phase = "done";
        return new SetupResult(env, "completed", plan, coder.Endpoint.Url, kubeconfig, approval, durations, health, adopted);
    }

    private static (string Title, IReadOnlyDictionary<string, string> Details) Completed(SetupResult r)
    {
        var details = new Dictionary<string, string>
        {
            ["coder url"] = r.CoderUrl ?? "-",
            ["monthly cost"] = $"€{r.Plan.MonthlyCostEur:F2}",
            ["infrastructure"] = r.InfraAdopted ? "already provisioned" : "provisioned",
            ["duration"] = string.Join(", ", r.PhaseDurations.Select(d => $"{d.Key} {(int)d.Value.TotalSeconds} s")),
        };
        if (r.Approval is not null)
        {
            details["approved by"] = r.Approval.By;
        }
        return ($"setup of {r.Environment} completed: {r.CoderUrl}", details);
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - Workflow.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>Runs a hook; runs started before its timeout was looked up replay without the lookup.</summary>
    private Task RunHookAsync(SpecSnapshot spec, HookInput hook) =>
        HookStep.RunAsync(_steps, spec, hook, _policies, describe: Workflow.Patched(HookTimeoutPatch));

    /// <summary>Waits for a person when the environment requires it or the cost exceeds its budget.</summary>
    private async Task<ApprovalDecision?> ApproveAsync(SetupInput input, InfraPlan plan)
    {
        var overBudget = plan.MonthlyBudgetEur > 0 && plan.MonthlyCostEur > plan.MonthlyBudgetEur;
        if (!plan.ApprovalRequired && !overBudget)
        {
            _steps.Skip("approval", "not required");
            return null;
        }
        var why = overBudget ? $"€{plan.MonthlyCostEur:F2}/month exceeds the €{plan.MonthlyBudgetEur:F2} budget" : $"{plan.Environment} requires approval";
        if (input.AutoApprove)
        {
            _steps.Complete("approval", $"auto-approved ({why})");
            return new ApprovalDecision(true, "auto-approve", null);
        }
        _steps.Phase = "awaiting approval";
        _steps.Waiting("approval", $"{why}: run `starter approve --env={plan.Environment}` or `starter reject --env={plan.Environment} --reason ...`");
        _awaitingApproval = true;
        var timeout = input.ApprovalTimeout ?? DefaultApprovalTimeout;
        var deadline = Workflow.UtcNow + timeout;
        await _notify.ApprovalWaitingAsync(why, timeout);
        // The timeout counts from the start of the wait, delivery time included.
        var decided = _decision is not null || await Workflow.WaitConditionAsync(() => _decision is not null, Remaining(deadline));
        _awaitingApproval = false;
        if (!decided)
        {
            _steps.Fail("approval", $"no decision within {timeout}");
            throw new ApplicationFailureException($"approval for {plan.Environment} timed out after {timeout}; nothing was created", "ApprovalTimedOut", nonRetryable: true);
        }
        if (!_decision!.Approved)
        {
            _steps.Fail("approval", $"rejected by {_decision.By}: {_decision.Reason}");
            throw new ApplicationFailureException($"setup of {plan.Environment} rejected by {_decision.By}: {_decision.Reason}; nothing was created", "Rejected", nonRetryable: true);
        }
        _steps.Complete("approval", $"approved by {_decision.By}");
        return _decision;
    }

    /// <summary>
    /// Phase 1 runs only when needed: if its state says it finished and a describe of the cluster
    /// and database shows they still stand, it is skipped — a retry of phase 2 never touches it.
    /// Either way the phase-1 outputs come out of here and travel forward to phase 2.
    /// </summary>
    private async Task<(InfraOutputs Infra, KubeconfigRef? Kubeconfig, bool Adopted)> EnsureInfrastructureAsync(SpecSnapshot spec, double? retryScale, Dictionary<string, TimeSpan> durations)
    {
        var existing = await TryReadInfraAsync(spec);
        if (existing is not null)
        {
            try
            {
                await Workflow.ExecuteActivityAsync((InfraCheckActivities a) => a.VerifyInfraAsync(existing), _policies.Quick);
                _steps.Skip("infrastructure", $"already provisioned (cluster {existing.ClusterId}, database {existing.DatabaseInstanceId})");
                return (existing, null, true);
            }
            catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { ErrorType: ErrorTypes.InfraMissing })
            {
                // Recorded resources are gone: provision again.
            }
        }
        var infra = await _steps.RunAsync("infrastructure",
            () => Workflow.ExecuteChildWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new(spec.Environment, spec, retryScale)), new() { Id = WorkflowNames.Infra(spec.Environment) }),
            r => $"cluster {r.Cluster.ClusterId}, database {r.Database.InstanceId}");
        durations["infrastructure"] = infra.CompletedAt - infra.StartedAt;
        return (infra.Outputs(), infra.Kubeconfig, false);
    }

    private async Task<InfraOutputs?> TryReadInfraAsync(SpecSnapshot spec)
    {
        try
        {
            return await Workflow.ExecuteActivityAsync((InfraStateActivities a) => a.ReadInfraOutputsAsync(spec), _policies.Quick);
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { ErrorType: ErrorTypes.MissingInfraState })
        {
            return null;
        }
    }
}
