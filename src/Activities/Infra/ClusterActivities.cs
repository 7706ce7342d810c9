using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>The Kapsule cluster with its pool: created, or adopted when it exists.</summary>
public sealed class ClusterActivities(ScalewayAccess scaleway, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<ClusterActivities>();

    [Activity]
    public async Task<ClusterRef> EnsureClusterAsync(EnsureClusterInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Snapshot.Spec;
        var credentials = scaleway.For(spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var resources = new ResourceFinder(scaleway.Api, spec);

        var existing = await resources.FindClusterAsync(cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return await AdoptAsync(spec, existing, input.PrivateNetworkId, resources, cancellationToken).ConfigureAwait(false);
        }

        var name = spec.Kubernetes.ClusterName;
        var version = await ResolveKubernetesVersionAsync(spec, cancellationToken).ConfigureAwait(false);
        var request = EnvironmentResourceRequests.Cluster(spec, credentials.ProjectId, input.PrivateNetworkId, version);
        var created = await CallGuard.ScalewayAsync($"create cluster '{name}'",
            () => scaleway.Api.Kapsule.CreateClusterAsync(request, cancellationToken)).ConfigureAwait(false);
        _log.Information("Created cluster {Name} ({ClusterId}, Kubernetes {Version}, {Cni}) of {Environment} with pool {PoolName}: {Size} x {NodeType}",
            name, created.Id, version, spec.Kubernetes.Cni, spec.Name, spec.Kubernetes.NodePool.Name, spec.Kubernetes.NodePool.Size, spec.Kubernetes.NodePool.NodeType);

        var pool = await resources.FindPoolAsync(created.Id, cancellationToken).ConfigureAwait(false);
        // The next attempt adopts the cluster and creates the pool if it really is missing.
        return pool is null
            ? throw new InvalidOperationException($"cluster {created.Id} was created with pool '{spec.Kubernetes.NodePool.Name}' but the pool is not listed yet")
            : new ClusterRef(created.Id, pool.Id, Created: true);
    }

    private async Task<ClusterRef> AdoptAsync(EnvironmentSpec spec, Cluster existing, string privateNetworkId, ResourceFinder resources, CancellationToken cancellationToken)
    {
        if (existing.Status == ClusterStatus.Deleting)
        {
            // Retryable: once the deletion has finished the next attempt creates a new cluster.
            throw new InvalidOperationException($"cluster {existing.Name} ({existing.Id}) of environment '{spec.Name}' is being deleted; it cannot be adopted");
        }
        if (existing.PrivateNetworkId is { Length: > 0 } attached && attached != privateNetworkId)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                $"cluster {existing.Name} ({existing.Id}) is attached to private network {attached}, not to {privateNetworkId} of environment '{spec.Name}'; a cluster cannot change its private network, delete it or fix the network");
        }

        var pool = await resources.FindPoolAsync(existing.Id, cancellationToken).ConfigureAwait(false);
        if (pool is null)
        {
            var request = EnvironmentResourceRequests.NodePool(spec);
            pool = await CallGuard.ScalewayAsync($"create pool '{request.Name}' in cluster {existing.Id}",
                () => scaleway.Api.Kapsule.CreatePoolAsync(existing.Id, request, cancellationToken)).ConfigureAwait(false);
            _log.Information("Created pool {PoolName} ({PoolId}) in the adopted cluster {ClusterId} of {Environment}", pool.Name, pool.Id, existing.Id, spec.Name);
        }
        _log.Information("Adopted cluster {Name} ({ClusterId}, {Status}) of {Environment} with pool {PoolId}", existing.Name, existing.Id, existing.Status, spec.Name, pool.Id);
        return new ClusterRef(existing.Id, pool.Id, Created: false);
    }

    private async Task<string> ResolveKubernetesVersionAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var version = await CallGuard.ScalewayAsync("list Kubernetes versions",
                () => scaleway.Api.Kapsule.ResolveVersionAsync(spec.Kubernetes.Version, cancellationToken)).ConfigureAwait(false);
            if (version.AvailableCnis is { Count: > 0 } cnis && !cnis.Contains(spec.Kubernetes.Cni, StringComparer.Ordinal))
            {
                throw ActivityFailure.Permanent(FailureKind.InvalidSpec,
                    $"Kubernetes {version.Name} does not offer CNI '{spec.Kubernetes.Cni}' (offered: {string.Join(", ", cnis)}); fix kubernetes.cni in {spec.Name}.yaml");
            }
            return version.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidSpec, $"{ex.Message}; fix kubernetes.version in {spec.Name}.yaml", ex);
        }
    }
}
