using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>Waits for a cluster and its pool to be ready; resumes its wait from the heartbeat after a worker restart.</summary>
public sealed class ClusterWaitActivities(ScalewayAccess scaleway, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<ClusterWaitActivities>();

    [Activity]
    public async Task<ClusterReady> WaitForClusterReadyAsync(WaitForClusterInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Snapshot.Spec;
        scaleway.For(spec);
        var kapsule = scaleway.Api.Kapsule;
        var progress = await ActivityRun.ResumeAsync<ClusterWaitProgress>(p => p.ClusterId == input.ClusterId, _log).ConfigureAwait(false);
        if (progress is not null)
        {
            _log.Information("Resuming the wait for cluster {ClusterId} of {Environment}, started at {StartedAt} ({Polls} polls so far, last seen {Status})",
                input.ClusterId, spec.Name, progress.StartedAt, progress.Polls, progress.ClusterStatus);
        }
        var startedAt = progress?.StartedAt ?? DateTimeOffset.UtcNow;
        var polls = progress?.Polls ?? 0;

        return await ActivityRun.PollAsync(pollInterval, async cancellationToken =>
        {
            var cluster = await CallGuard.ScalewayAsync($"read cluster {input.ClusterId}",
                () => kapsule.GetClusterAsync(input.ClusterId, cancellationToken)).ConfigureAwait(false);
            if (ScalewayReadiness.HasClusterFailed(cluster) || cluster.Status == ClusterStatus.Deleting)
            {
                throw ActivityFailure.Permanent(FailureKind.ResourceFailed,
                    $"cluster {cluster.Name} ({cluster.Id}) is {cluster.Status} and will not become ready by itself; look at it in the Scaleway console");
            }

            var pools = await CallGuard.ScalewayAsync($"list pools of cluster {cluster.Id}",
                () => kapsule.ListPoolsAsync(cluster.Id, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var failedPool = pools.FirstOrDefault(p => p.Status == PoolStatus.Locked);
            if (failedPool is not null)
            {
                throw ActivityFailure.Permanent(FailureKind.ResourceFailed,
                    $"pool {failedPool.Name} ({failedPool.Id}) of cluster {cluster.Name} is {failedPool.Status} and will not become ready by itself");
            }
            var pool = pools.FirstOrDefault(p => p.Name == spec.Kubernetes.NodePool.Name && p.Status != PoolStatus.Deleting)
                ?? throw ActivityFailure.Permanent(FailureKind.InfraMissing,
                    $"cluster {cluster.Name} ({cluster.Id}) has no pool named '{spec.Kubernetes.NodePool.Name}'; run the cluster step again to create it");

            var nodes = await CallGuard.ScalewayAsync($"list nodes of pool {pool.Id}",
                () => kapsule.ListNodesAsync(cluster.Id, pool.Id, cancellationToken)).ConfigureAwait(false);
            var nodesReady = nodes.Count(n => n.Status == "ready");
            var now = DateTimeOffset.UtcNow;
            var seen = new ClusterWaitProgress(cluster.Id, startedAt, ++polls, cluster.Status, pool.Status, nodesReady, nodes.Count, now);
            if (!IsUsable(cluster, pools, pool, nodes.Count, nodesReady))
            {
                _log.Debug("Cluster {ClusterId} is {Status}, pool {PoolStatus}, {NodesReady}/{NodesTotal} nodes ready",
                    cluster.Id, cluster.Status, pool.Status, nodesReady, nodes.Count);
                return Poll<ClusterReady>.Pending(seen);
            }

            _log.Information("Cluster {Name} ({ClusterId}) of {Environment} is ready: pool {PoolId} with {NodesReady} ready {NodeType} nodes after {Polls} polls",
                cluster.Name, cluster.Id, spec.Name, pool.Id, nodesReady, pool.NodeType, polls);
            return Poll<ClusterReady>.Finished(new ClusterReady(cluster.Id, cluster.Name, cluster.Version ?? pool.Version ?? spec.Kubernetes.Version,
                cluster.Cni ?? spec.Kubernetes.Cni, cluster.ClusterUrl, pool.Id, pool.NodeType, nodesReady, now));
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Usable when the cluster and its pools are, and the environment's pool has ready nodes: all of
    /// them, unless the pool itself reports "warning" (some nodes unhealthy, the pool still serves).
    /// </summary>
    private static bool IsUsable(Cluster cluster, IReadOnlyList<Pool> pools, Pool pool, int nodesTotal, int nodesReady) =>
        ScalewayReadiness.IsClusterReady(cluster, pools)
        && nodesReady > 0
        && (pool.Status == PoolStatus.Warning || nodesReady == nodesTotal);
}
