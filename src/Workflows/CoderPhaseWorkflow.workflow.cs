using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Setup;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// Phase 2: read the phase-1 outputs → check the infrastructure still stands (describe calls only)
/// → validate storage classes → apply Coder's manifests → wait for the rollout and its load
/// balancer → first admin → push the templates → record the coder state. Retrying it never touches
/// phase 1.
/// </summary>
[Workflow]
public sealed class CoderPhaseWorkflow
{
    private readonly StepTracker _steps = new("infra outputs", "infra check", "storage classes", "coder manifests", "coder rollout", "first admin", "templates", "coder state");
    private string _environment = string.Empty;

    [WorkflowQuery]
    public RunStatus Status => new(_environment, "coder", _steps.Phase, _steps.Steps);

    [WorkflowRun]
    public async Task<CoderPhaseResult> RunAsync(CoderPhaseInput input)
    {
        var env = _environment = input.Environment;
        var policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        var started = Workflow.UtcNow;
        _steps.Phase = "checks";
        var infra = await _steps.RunAsync("infra outputs",
            () => Workflow.ExecuteActivityAsync((CoderActivities a) => a.ReadInfraOutputsAsync(env), policies.Quick),
            i => $"cluster {i.ClusterId}, database {i.DatabaseInstanceId}");
        await _steps.RunAsync("infra check",
            () => Workflow.ExecuteActivityAsync((CoderActivities a) => a.VerifyInfraAsync(infra), policies.Quick),
            _ => "cluster and database ready");
        await _steps.RunAsync("storage classes",
            () => Workflow.ExecuteActivityAsync((CoderActivities a) => a.ValidateStorageClassesAsync(env), policies.Ensure),
            s => $"default {s.DefaultClass} ({s.Provisioner})");

        _steps.Phase = "deploy";
        await _steps.RunAsync("coder manifests",
            () => Workflow.ExecuteActivityAsync((CoderActivities a) => a.ApplyCoderManifestsAsync(env), policies.Ensure),
            m => $"{m.Objects.Count} objects in {m.Namespace}");
        var endpoint = await _steps.RunAsync("coder rollout",
            () => Workflow.ExecuteActivityAsync((CoderActivities a) => a.WaitForCoderRolloutAsync(env), policies.RolloutWait),
            e => e.Url);
        var admin = await _steps.RunAsync("first admin",
            () => Workflow.ExecuteActivityAsync((CoderActivities a) => a.EnsureFirstAdminAsync(endpoint), policies.Quick),
            a => $"{a.UserName} ({(a.Created ? "created" : "exists")})");

        _steps.Phase = "templates";
        var names = await Workflow.ExecuteActivityAsync((SetupActivities a) => a.ResolveTemplatesAsync(env, input.OnlyTemplate), policies.Quick);
        var pushed = await _steps.RunAsync("templates", async () =>
        {
            var results = new List<TemplatePushed>();
            foreach (var name in names)
            {
                results.Add(await Workflow.ExecuteActivityAsync((CoderActivities a) => a.PushTemplateAsync(new(env, endpoint.Url, name)), policies.TemplatePush));
            }
            return results;
        }, r => string.Join(", ", r.Select(t => t.Name)));

        _steps.Phase = "state";
        var state = await _steps.RunAsync("coder state",
            () => Workflow.ExecuteActivityAsync((CoderActivities a) => a.RecordCoderStateAsync(new(env, endpoint, pushed)), policies.Quick),
            s => $"version {s.Version}");
        _steps.Phase = "done";
        return new CoderPhaseResult(env, endpoint, admin, pushed, state, started, Workflow.UtcNow);
    }
}
