namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// When a resource is usable, when it has failed for good, and where a database is reached,
/// following the official SDK's wait rules.
/// </summary>
public static class ScalewayReadiness
{
    /// <summary>A pool is usable when "ready" or "warning" (some nodes unhealthy, the pool still serves).</summary>
    public static bool IsPoolUsable(Pool pool) => pool.Status is PoolStatus.Ready or PoolStatus.Warning;

    /// <summary>
    /// The cluster is ready when its status is "ready" (or "pool_required" with no pool expected)
    /// and every pool is usable. A cluster can report "ready" while its first pool is still scaling.
    /// </summary>
    public static bool IsClusterReady(Cluster cluster, IReadOnlyList<Pool> pools)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(pools);
        var clusterReady = cluster.Status == ClusterStatus.Ready || (cluster.Status == ClusterStatus.PoolRequired && pools.Count == 0);
        return clusterReady && pools.All(IsPoolUsable);
    }

    /// <summary>States the cluster will not leave by itself.</summary>
    public static bool HasClusterFailed(Cluster cluster) => cluster.Status is ClusterStatus.Locked;

    public static bool IsDatabaseReady(DatabaseInstance instance) => instance.Status == DatabaseInstanceStatus.Ready;

    /// <summary>States the database will not leave by itself.</summary>
    public static bool HasDatabaseFailed(DatabaseInstance instance) => instance.Status is DatabaseInstanceStatus.Error or DatabaseInstanceStatus.Locked or "disk_full";

    /// <summary>The instance's address and port inside <paramref name="privateNetworkId"/>, or null while it has none.</summary>
    public static (string Host, int Port)? PrivateEndpoint(DatabaseInstance instance, string privateNetworkId)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var endpoint = (instance.Endpoints ?? []).FirstOrDefault(e => e.PrivateNetwork?.PrivateNetworkId == privateNetworkId && !string.IsNullOrEmpty(e.Ip));
        return endpoint is null ? null : (endpoint.Ip!, endpoint.Port);
    }
}
