using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

public sealed partial class InfraActivities
{
    /// <summary>Creates the cluster with its pool (or adopts the existing one).</summary>
    [Activity]
    public async Task<ClusterRef> EnsureClusterAsync(EnsureClusterInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (spec, credentials) = Prepare(input.Environment);
        var cancellationToken = ActivityCancellation;
        var name = spec.Kubernetes.ClusterName;
        var resources = new EnvironmentResources(_services.Scaleway, spec);

        var existing = await InfraFailures.GuardAsync($"look up cluster '{name}'",
            () => resources.FindClusterAsync(cancellationToken)).ConfigureAwait(false);
        if (existing is not null)
        {
            return await AdoptClusterAsync(spec, existing, input.PrivateNetworkId, resources, cancellationToken).ConfigureAwait(false);
        }

        var version = await ResolveKubernetesVersionAsync(spec, cancellationToken).ConfigureAwait(false);
        var request = EnvironmentResourceRequests.Cluster(spec, credentials.ProjectId, input.PrivateNetworkId, version);
        var created = await InfraFailures.GuardAsync($"create cluster '{name}'",
            () => _services.Scaleway.Kapsule.CreateClusterAsync(request, cancellationToken)).ConfigureAwait(false);
        _log.Information("Created cluster {Name} ({ClusterId}, Kubernetes {Version}, {Cni}) of {Environment} with pool {PoolName}: {Size} x {NodeType}",
            name, created.Id, version, spec.Kubernetes.Cni, spec.Name, spec.Kubernetes.NodePool.Name, spec.Kubernetes.NodePool.Size, spec.Kubernetes.NodePool.NodeType);

        var pool = await InfraFailures.GuardAsync($"look up pool '{spec.Kubernetes.NodePool.Name}' of cluster {created.Id}",
            () => resources.FindPoolAsync(created.Id, cancellationToken)).ConfigureAwait(false);
        // The next attempt adopts the cluster and creates the pool if it really is missing.
        return pool is null
            ? throw new InvalidOperationException($"cluster {created.Id} was created with pool '{spec.Kubernetes.NodePool.Name}' but the pool is not listed yet")
            : new ClusterRef(created.Id, pool.Id, Created: true);
    }

    /// <summary>Polls until the cluster and its pool are ready; heartbeats, and resumes its wait after a worker restart.</summary>
    [Activity]
    public async Task<ClusterReady> WaitForClusterReadyAsync(WaitForClusterInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (spec, _) = Prepare(input.Environment);
        var cancellationToken = ActivityCancellation;
        var resources = new EnvironmentResources(_services.Scaleway, spec);
        var kapsule = _services.Scaleway.Kapsule;

        var progress = await ResumeAsync<ClusterWaitProgress>(p => p.ClusterId == input.ClusterId).ConfigureAwait(false);
        if (progress is not null)
        {
            _log.Information("Resuming the wait for cluster {ClusterId} of {Environment}, started at {StartedAt} ({Polls} polls so far, last seen {Status})",
                input.ClusterId, spec.Name, progress.StartedAt, progress.Polls, progress.ClusterStatus);
        }
        var startedAt = progress?.StartedAt ?? DateTimeOffset.UtcNow;
        var polls = progress?.Polls ?? 0;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cluster = await InfraFailures.GuardAsync($"read cluster {input.ClusterId}",
                () => kapsule.GetClusterAsync(input.ClusterId, cancellationToken)).ConfigureAwait(false);
            if (ScalewayReadiness.HasClusterFailed(cluster) || cluster.Status == ClusterStatus.Deleting)
            {
                throw InfraFailures.NonRetryable(ErrorTypes.ResourceFailed,
                    $"cluster {cluster.Name} ({cluster.Id}) is {cluster.Status} and will not become ready by itself; look at it in the Scaleway console");
            }

            var pools = await InfraFailures.GuardAsync($"list pools of cluster {cluster.Id}",
                () => kapsule.ListPoolsAsync(cluster.Id, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var failedPool = pools.FirstOrDefault(p => p.Status == PoolStatus.Locked);
            if (failedPool is not null)
            {
                throw InfraFailures.NonRetryable(ErrorTypes.ResourceFailed,
                    $"pool {failedPool.Name} ({failedPool.Id}) of cluster {cluster.Name} is {failedPool.Status} and will not become ready by itself");
            }
            var pool = pools.FirstOrDefault(p => p.Name == spec.Kubernetes.NodePool.Name && p.Status != PoolStatus.Deleting)
                ?? throw InfraFailures.NonRetryable(ErrorTypes.InfraMissing,
                    $"cluster {cluster.Name} ({cluster.Id}) has no pool named '{spec.Kubernetes.NodePool.Name}'; run the cluster step again to create it");

            var nodes = await InfraFailures.GuardAsync($"list nodes of pool {pool.Id}",
                () => kapsule.ListNodesAsync(cluster.Id, pool.Id, cancellationToken)).ConfigureAwait(false);
            var nodesReady = nodes.Count(n => n.Status == "ready");

            polls++;
            var now = DateTimeOffset.UtcNow;
            Heartbeat(new ClusterWaitProgress(cluster.Id, startedAt, polls, cluster.Status, pool.Status, nodesReady, nodes.Count, now));

            if (IsClusterUsable(cluster, pools, pool, nodes.Count, nodesReady))
            {
                _log.Information("Cluster {Name} ({ClusterId}) of {Environment} is ready: pool {PoolId} with {NodesReady} ready {NodeType} nodes after {Polls} polls",
                    cluster.Name, cluster.Id, spec.Name, pool.Id, nodesReady, pool.NodeType, polls);
                return new ClusterReady(cluster.Id, cluster.Name, cluster.Version ?? pool.Version ?? spec.Kubernetes.Version,
                    cluster.Cni ?? spec.Kubernetes.Cni, cluster.ClusterUrl, pool.Id, pool.NodeType, nodesReady, now);
            }

            _log.Debug("Cluster {ClusterId} is {Status}, pool {PoolStatus}, {NodesReady}/{NodesTotal} nodes ready",
                cluster.Id, cluster.Status, pool.Status, nodesReady, nodes.Count);
            await Task.Delay(_services.Options.ResourcePollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Usable when the cluster and its pools are, and the environment's pool has ready nodes: all of
    /// them, unless the pool itself reports "warning" (some nodes unhealthy, the pool still serves).
    /// </summary>
    private static bool IsClusterUsable(Cluster cluster, IReadOnlyList<Pool> pools, Pool pool, int nodesTotal, int nodesReady) =>
        ScalewayReadiness.IsClusterReady(cluster, pools)
        && nodesReady > 0
        && (pool.Status == PoolStatus.Warning || nodesReady == nodesTotal);

    private async Task<ClusterRef> AdoptClusterAsync(EnvironmentSpec spec, Cluster existing, string privateNetworkId, EnvironmentResources resources, CancellationToken cancellationToken)
    {
        if (existing.Status == ClusterStatus.Deleting)
        {
            // Retryable: once the deletion has finished the next attempt creates a new cluster.
            throw new InvalidOperationException($"cluster {existing.Name} ({existing.Id}) of environment '{spec.Name}' is being deleted; it cannot be adopted");
        }
        if (existing.PrivateNetworkId is { Length: > 0 } attached && attached != privateNetworkId)
        {
            throw InfraFailures.NonRetryable(ErrorTypes.InvalidConfiguration,
                $"cluster {existing.Name} ({existing.Id}) is attached to private network {attached}, not to {privateNetworkId} of environment '{spec.Name}'; a cluster cannot change its private network, delete it or fix the network");
        }

        var pool = await InfraFailures.GuardAsync($"look up pool '{spec.Kubernetes.NodePool.Name}' of cluster {existing.Id}",
            () => resources.FindPoolAsync(existing.Id, cancellationToken)).ConfigureAwait(false);
        if (pool is null)
        {
            var request = EnvironmentResourceRequests.NodePool(spec);
            pool = await InfraFailures.GuardAsync($"create pool '{request.Name}' in cluster {existing.Id}",
                () => _services.Scaleway.Kapsule.CreatePoolAsync(existing.Id, request, cancellationToken)).ConfigureAwait(false);
            _log.Information("Created pool {PoolName} ({PoolId}) in the adopted cluster {ClusterId} of {Environment}", pool.Name, pool.Id, existing.Id, spec.Name);
        }
        _log.Information("Adopted cluster {Name} ({ClusterId}, {Status}) of {Environment} with pool {PoolId}", existing.Name, existing.Id, existing.Status, spec.Name, pool.Id);
        return new ClusterRef(existing.Id, pool.Id, Created: false);
    }

    private async Task<string> ResolveKubernetesVersionAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var version = await InfraFailures.GuardAsync("list Kubernetes versions",
                () => _services.Scaleway.Kapsule.ResolveVersionAsync(spec.Kubernetes.Version, cancellationToken)).ConfigureAwait(false);
            if (version.AvailableCnis is { Count: > 0 } cnis && !cnis.Contains(spec.Kubernetes.Cni, StringComparer.Ordinal))
            {
                throw InfraFailures.NonRetryable(ErrorTypes.InvalidSpec,
                    $"Kubernetes {version.Name} does not offer CNI '{spec.Kubernetes.Cni}' (offered: {string.Join(", ", cnis)}); fix kubernetes.cni in {spec.Name}.yaml");
            }
            return version.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw InfraFailures.NonRetryable(ErrorTypes.InvalidSpec, InfraFailures.OneLine($"{ex.Message}; fix kubernetes.version in {spec.Name}.yaml"), ex);
        }
    }
}
