using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// Phase 1: private network → cluster with its pool and the database in parallel → the kubeconfig
/// is published as soon as the cluster is ready (troubleshooting access does not wait for the
/// database) → the infra state is recorded. Every step is an idempotent activity.
/// </summary>
[Workflow]
public sealed class InfraPhaseWorkflow
{
    private readonly StepTracker _steps = new("private network", "cluster", "cluster ready", "kubeconfig", "database", "database ready", "infra state");
    private string _environment = string.Empty;
    private ActivityPolicies _policies = ActivityPolicies.Unscaled;

    [WorkflowQuery]
    public RunStatus Status => new(_environment, "infra", _steps.Phase, _steps.Steps);

    [WorkflowRun]
    public async Task<InfraPhaseResult> RunAsync(InfraPhaseInput input)
    {
        var env = _environment = input.Environment;
        _policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        var started = Workflow.UtcNow;
        _steps.Phase = "network";
        var network = await _steps.RunAsync("private network",
            () => Workflow.ExecuteActivityAsync((InfraActivities a) => a.EnsurePrivateNetworkAsync(env), _policies.Ensure),
            n => n.PrivateNetworkId);

        _steps.Phase = "cluster and database";
        var clusterBranch = ProvisionClusterAsync(env, network);
        var databaseBranch = ProvisionDatabaseAsync(env, network);
        await Workflow.WhenAllAsync(clusterBranch, databaseBranch);
        var (cluster, kubeconfig) = await clusterBranch;
        var database = await databaseBranch;

        _steps.Phase = "state";
        var state = await _steps.RunAsync("infra state",
            () => Workflow.ExecuteActivityAsync((InfraActivities a) => a.RecordInfraStateAsync(new(env, network, cluster, database, kubeconfig)), _policies.Quick),
            s => $"version {s.Version}");
        _steps.Phase = "done";
        return new InfraPhaseResult(env, network, cluster, database, kubeconfig, state, started, Workflow.UtcNow);
    }

    private async Task<(ClusterReady Cluster, KubeconfigRef Kubeconfig)> ProvisionClusterAsync(string env, NetworkRef network)
    {
        var cluster = await _steps.RunAsync("cluster",
            () => Workflow.ExecuteActivityAsync((InfraActivities a) => a.EnsureClusterAsync(new(env, network.PrivateNetworkId)), _policies.Ensure),
            c => $"{c.ClusterId} ({(c.Created ? "created" : "adopted")})");
        var ready = await _steps.RunAsync("cluster ready",
            () => Workflow.ExecuteActivityAsync((InfraActivities a) => a.WaitForClusterReadyAsync(new(env, cluster.ClusterId)), _policies.ResourceWait),
            r => $"{r.NodeCount} × {r.NodeType}, Kubernetes {r.Version}");
        var kubeconfig = await _steps.RunAsync("kubeconfig",
            () => Workflow.ExecuteActivityAsync((InfraActivities a) => a.PublishKubeconfigAsync(new(env, cluster.ClusterId)), _policies.Quick),
            k => $"s3://{k.Bucket}/{k.ObjectKey}");
        // Record what exists so far: if the database fails, phase 2 tooling and people still find the cluster.
        await Workflow.ExecuteActivityAsync((InfraActivities a) => a.RecordInfraStateAsync(new(env, network, ready, null, kubeconfig)), _policies.Quick);
        return (ready, kubeconfig);
    }

    private async Task<DatabaseReady> ProvisionDatabaseAsync(string env, NetworkRef network)
    {
        var database = await _steps.RunAsync("database",
            () => Workflow.ExecuteActivityAsync((InfraActivities a) => a.EnsureDatabaseAsync(new(env, network.PrivateNetworkId)), _policies.Ensure),
            d => $"{d.InstanceId} ({(d.Created ? "created" : "adopted")})");
        return await _steps.RunAsync("database ready",
            () => Workflow.ExecuteActivityAsync((InfraActivities a) => a.WaitForDatabaseReadyAsync(new(env, database.InstanceId)), _policies.ResourceWait),
            d => $"{d.Host}:{d.Port}/{d.DatabaseName}");
    }
}
