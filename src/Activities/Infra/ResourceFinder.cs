using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Finds an environment's resources by exact name and tags (reads only), through the API's finders.
/// More than one match means a duplicate was made outside this tool's control: that needs a human,
/// so it is not retried.
/// </summary>
public sealed class ResourceFinder(ScalewayApiClient scaleway, EnvironmentSpec spec)
{

    public Task<PrivateNetwork?> FindPrivateNetworkAsync(CancellationToken cancellationToken) =>
        FindAsync("private network", spec.Network.PrivateNetworkName,
            () => scaleway.Vpc.FindPrivateNetworkAsync(spec.Network.PrivateNetworkName, spec.ResourceTags, cancellationToken));

    public Task<Cluster?> FindClusterAsync(CancellationToken cancellationToken) =>
        FindAsync("cluster", spec.Kubernetes.ClusterName,
            () => scaleway.Kapsule.FindClusterAsync(spec.Kubernetes.ClusterName, spec.ResourceTags, cancellationToken));

    public Task<DatabaseInstance?> FindDatabaseInstanceAsync(CancellationToken cancellationToken) =>
        FindAsync("database instance", spec.Database.InstanceName,
            () => scaleway.Rdb.FindInstanceAsync(spec.Database.InstanceName, spec.ResourceTags, cancellationToken));

    /// <summary>The environment's pool in <paramref name="clusterId"/>, matched by name (pools created inside a cluster create carry the tags too).</summary>
    public async Task<Pool?> FindPoolAsync(string clusterId, CancellationToken cancellationToken)
    {
        var name = spec.Kubernetes.NodePool.Name;
        var pools = await CallGuard.ScalewayAsync($"look up pool '{name}' of cluster {clusterId}",
            () => scaleway.Kapsule.ListPoolsAsync(clusterId, name, cancellationToken)).ConfigureAwait(false);
        var matches = pools.Where(p => p.Name == name && p.Status != PoolStatus.Deleting).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                $"cluster {clusterId} has {matches.Count} pools named '{name}' ({string.Join(", ", matches.Select(p => p.Id))}); remove the duplicates before running again"),
        };
    }

    private static async Task<T?> FindAsync<T>(string kind, string name, Func<Task<T?>> find)
        where T : class
    {
        try
        {
            return await CallGuard.ScalewayAsync($"look up {kind} '{name}'", find).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration, ex.Message, ex);
        }
    }
}
