using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// Phase 2: spec and phase-1 outputs (handed down by the setup, or loaded and read) → check the
/// infrastructure still stands (describe calls only) → validate storage classes → apply Coder's
/// manifests → wait for the rollout and its load balancer → first admin → push the templates →
/// record the coder state. Retrying it never touches phase 1.
/// </summary>
[Workflow]
public sealed class CoderPhaseWorkflow
{
    private readonly StepTracker _steps = new(SpecStep.Name, "infra outputs", "infra check", "storage classes", "coder manifests", "coder rollout", "first admin", "templates", "coder state");
    private string _environment = string.Empty;
    private string? _specDigest;
    private ActivityPolicies _policies = ActivityPolicies.Unscaled;

    [WorkflowQuery]
    public RunStatus Status => new(_environment, "coder", _steps.Phase, _steps.Steps, _specDigest);

    [WorkflowRun]
    public async Task<CoderPhaseResult> RunAsync(CoderPhaseInput input)
    {
        _environment = input.Environment;
        _policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        var started = Workflow.UtcNow;
        _steps.Phase = "checks";
        var spec = await SpecStep.RunAsync(_steps, input.Environment, input.Snapshot, _policies);
        _specDigest = spec.Digest;
        var infra = await InfraOutputsAsync(spec, input.Infra);
        await _steps.RunAsync("infra check",
            () => Workflow.ExecuteActivityAsync((InfraCheckActivities a) => a.VerifyInfraAsync(infra), _policies.Quick),
            _ => "cluster and database ready");
        var step = new CoderStepInput(spec, infra);
        await _steps.RunAsync("storage classes",
            () => Workflow.ExecuteActivityAsync((StorageClassActivities a) => a.ValidateStorageClassesAsync(step), _policies.KubernetesWait),
            s => $"default {s.DefaultClass} ({s.Provisioner})");

        _steps.Phase = "deploy";
        await _steps.RunAsync("coder manifests",
            () => Workflow.ExecuteActivityAsync((CoderManifestActivities a) => a.ApplyCoderManifestsAsync(step), _policies.KubernetesWait),
            m => $"{m.Objects.Count} objects in {m.Namespace}");
        var endpoint = await _steps.RunAsync("coder rollout",
            () => Workflow.ExecuteActivityAsync((CoderRolloutActivities a) => a.WaitForCoderRolloutAsync(step), _policies.RolloutWait),
            e => e.Url);
        var admin = await _steps.RunAsync("first admin",
            () => Workflow.ExecuteActivityAsync((CoderAdminActivities a) => a.EnsureFirstAdminAsync(new(step, endpoint)), _policies.Quick),
            a => $"{a.UserName} ({(a.Created ? "created" : "exists")})");

        _steps.Phase = "templates";
        var names = await Workflow.ExecuteActivityAsync((TemplateActivities a) => a.ResolveTemplatesAsync(new(spec, input.OnlyTemplate)), _policies.Quick);
        var pushed = await _steps.RunAsync("templates", async () =>
        {
            var results = new List<TemplatePushed>();
            foreach (var name in names)
            {
                results.Add(await Workflow.ExecuteActivityAsync((TemplateActivities a) => a.PushTemplateAsync(new(step, endpoint.Url, name)), _policies.TemplatePush));
            }
            return results;
        }, r => string.Join(", ", r.Select(t => t.Name)));

        _steps.Phase = "state";
        var state = await _steps.RunAsync("coder state",
            () => Workflow.ExecuteActivityAsync((CoderStateActivities a) => a.RecordCoderStateAsync(new(step, endpoint, pushed)), _policies.Quick),
            s => $"version {s.Version}");
        _steps.Phase = "done";
        return new CoderPhaseResult(spec.Environment, endpoint, admin, pushed, state, started, Workflow.UtcNow);
    }

    private async Task<InfraOutputs> InfraOutputsAsync(SpecSnapshot spec, InfraOutputs? handedDown)
    {
        if (handedDown is not null)
        {
            _steps.Complete("infra outputs", $"cluster {handedDown.ClusterId}, database {handedDown.DatabaseInstanceId} (from the setup run)");
            return handedDown;
        }
        return await _steps.RunAsync("infra outputs",
            () => Workflow.ExecuteActivityAsync((InfraStateActivities a) => a.ReadInfraOutputsAsync(spec), _policies.Quick),
            i => $"cluster {i.ClusterId}, database {i.DatabaseInstanceId}");
    }
}
