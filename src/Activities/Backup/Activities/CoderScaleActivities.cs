using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using k8s;
using k8s.Models;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>The Coder that runs (its image version, its replicas) and its scale: to 0 before a restore so no replica writes, back afterwards.</summary>
public sealed class CoderScaleActivities(ClusterAccess clusters, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<CoderScaleActivities>();

    [Activity]
    public async Task<RunningCoder> ReadRunningCoderAsync(CoderStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        using var client = await clusters.ConnectAsync(input.Environment, input.Infra.ClusterId, cancellationToken).ConfigureAwait(false);
        return await RunningCoderReader.ReadAsync(client, input.Environment, input.Snapshot.Spec.Coder.Namespace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the deployment's replicas; scaling to 0 waits until no replica is left (heartbeating each poll).</summary>
    [Activity]
    public async Task<CoderScaled> ScaleCoderAsync(ScaleCoderInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var (environment, ns) = (input.Environment, input.Step.Snapshot.Spec.Coder.Namespace);
        using var client = await clusters.ConnectAsync(environment, input.Step.Infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var before = await RunningCoderReader.ReadAsync(client, environment, ns, cancellationToken).ConfigureAwait(false);
        // A retry after the scale reads 0 already: the replicas to come back to are the heartbeated ones.
        var previous = await ActivityRun.ResumeAsync<CoderScaled>(_ => true, _log).ConfigureAwait(false) is { } resumed ? resumed.PreviousReplicas : before.Replicas;
        var patch = new V1Patch($"{{\"spec\":{{\"replicas\":{input.Replicas}}}}}", V1Patch.PatchType.MergePatch);
        await client.AppsV1.PatchNamespacedDeploymentAsync(patch, CoderObjects.DeploymentName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        _log.Information("Coder of {Environment} scaled from {Previous} to {Replicas} replicas", environment, previous, input.Replicas);
        var scaled = new CoderScaled(previous, input.Replicas);
        if (input.Replicas > 0)
        {
            return scaled;
        }

        return await ActivityRun.PollAsync(pollInterval, async ct =>
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(CoderObjects.DeploymentName, ns, cancellationToken: ct).ConfigureAwait(false);
            var left = (deployment.Status?.Replicas ?? 0) + (deployment.Status?.AvailableReplicas ?? 0);
            return left == 0 ? Poll<CoderScaled>.Finished(scaled) : Poll<CoderScaled>.Pending(scaled);
        }).ConfigureAwait(false);
    }
}
