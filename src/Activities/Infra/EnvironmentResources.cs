using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Finds an environment's resources by exact name and tags (reads only). More than one match
/// means a duplicate was made outside this tool's control: that needs a human, so it is not retried.
/// </summary>
internal sealed class EnvironmentResources
{
    private readonly ScalewayApiClient _scaleway;
    private readonly EnvironmentSpec _spec;

    public EnvironmentResources(ScalewayApiClient scaleway, EnvironmentSpec spec)
    {
        _scaleway = scaleway;
        _spec = spec;
    }

    public async Task<PrivateNetwork?> FindPrivateNetworkAsync(CancellationToken cancellationToken)
    {
        var name = _spec.Network.PrivateNetworkName;
        var candidates = await _scaleway.Vpc.ListPrivateNetworksAsync(name, _spec.ResourceTags, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Single(candidates, "private network", name);
    }

    public async Task<Cluster?> FindClusterAsync(CancellationToken cancellationToken)
    {
        var name = _spec.Kubernetes.ClusterName;
        var candidates = await _scaleway.Kapsule.ListClustersAsync(name, cancellationToken).ConfigureAwait(false);
        return Single(candidates, "cluster", name);
    }

    /// <summary>The environment's pool in <paramref name="clusterId"/>, matched by name (pools created inside a cluster create carry the tags too).</summary>
    public async Task<Pool?> FindPoolAsync(string clusterId, CancellationToken cancellationToken)
    {
        var name = _spec.Kubernetes.NodePool.Name;
        var pools = await _scaleway.Kapsule.ListPoolsAsync(clusterId, name, cancellationToken).ConfigureAwait(false);
        var matches = pools.Where(p => p.Name == name && p.Status != PoolStatus.Deleting).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw InfraFailures.NonRetryable(ErrorTypes.InvalidConfiguration,
                $"cluster {clusterId} has {matches.Count} pools named '{name}' ({string.Join(", ", matches.Select(p => p.Id))}); remove the duplicates before running again"),
        };
    }

    public async Task<DatabaseInstance?> FindDatabaseInstanceAsync(CancellationToken cancellationToken)
    {
        var name = _spec.Database.InstanceName;
        var candidates = await _scaleway.Rdb.ListInstancesAsync(name, _spec.ResourceTags, cancellationToken).ConfigureAwait(false);
        return Single(candidates, "database instance", name);
    }

    private T? Single<T>(IReadOnlyList<T> candidates, string kind, string name)
        where T : class, IScalewayTaggedResource
    {
        var matches = ScalewayResourceMatch.ByNameAndTags(candidates, name, _spec.ResourceTags);
        try
        {
            return ScalewayResourceMatch.SingleOrNone(matches, kind, name);
        }
        catch (InvalidOperationException ex)
        {
            throw InfraFailures.NonRetryable(ErrorTypes.InvalidConfiguration, InfraFailures.OneLine(ex.Message), ex);
        }
    }
}
