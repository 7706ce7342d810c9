using CoderBootstrap.Sandbox.Scaleway.Model;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// Statuses computed from timestamps, so progressions continue across restarts and need no timers.
/// A null status means the resource has finished deleting and no longer exists.
/// </summary>
public static class ResourceStatus
{
    public static string? Cluster(ClusterRecord cluster, IEnumerable<PoolRecord> pools, DateTimeOffset now)
    {
        if (cluster.GoneAt <= now)
        {
            return null;
        }

        if (cluster.DeletingSince is not null)
        {
            return "deleting";
        }

        if (now < cluster.ControlPlaneReadyAt)
        {
            return "creating";
        }

        var livePools = pools.Where(pool => pool.ClusterId == cluster.Id && pool.DeletingSince is null).ToList();
        if (livePools.Count == 0)
        {
            return "pool_required";
        }

        return cluster.CreatedWithPools || livePools.Any(pool => pool.FirstReadyAt <= now) ? "ready" : "pool_required";
    }

    public static string? Pool(PoolRecord pool, DateTimeOffset now)
    {
        if (pool.GoneAt <= now)
        {
            return null;
        }

        if (pool.DeletingSince is not null)
        {
            return "deleting";
        }

        return now < pool.ReadyAt ? "scaling" : "ready";
    }

    public static string Node(NodeRecord node, DateTimeOffset now) => now < node.ReadyAt ? "creating" : "ready";

    public static string? RdbInstance(RdbInstanceRecord instance, DateTimeOffset now)
    {
        if (instance.GoneAt <= now)
        {
            return null;
        }

        if (instance.DeletingSince is not null)
        {
            return "deleting";
        }

        if (now < instance.ProvisionedAt)
        {
            return "provisioning";
        }

        if (now < instance.ReadyAt)
        {
            return "initializing";
        }

        return instance.TransientStatus is { } transient && now < instance.TransientUntil ? transient : "ready";
    }

    public static string RdbBackup(RdbBackupRecord backup, DateTimeOffset now)
    {
        if (backup.DeletingSince is not null)
        {
            return "deleting";
        }

        if (now < backup.ReadyAt)
        {
            return "creating";
        }

        if (now < backup.ExportingUntil)
        {
            return "exporting";
        }

        return now < backup.RestoringUntil ? "restoring" : "ready";
    }

    public static string? LoadBalancer(LoadBalancerRecord lb, DateTimeOffset now)
    {
        if (lb.GoneAt <= now)
        {
            return null;
        }

        if (lb.DeletingSince is not null)
        {
            return "to_delete";
        }

        if (now < lb.CreatingAt)
        {
            return "to_create";
        }

        return now < lb.ReadyAt ? "creating" : "ready";
    }

    public static string? BlockVolume(BlockVolumeRecord volume, DateTimeOffset now)
    {
        if (volume.GoneAt <= now)
        {
            return null;
        }

        if (volume.DeletingSince is not null)
        {
            return "deleting";
        }

        if (now < volume.AvailableAt)
        {
            return "creating";
        }

        return volume.AttachedAt is null ? "available" : "in_use";
    }
}
