using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// Turns an environment spec into the create requests of its Scaleway resources, each carrying the
/// environment's tags so that a later run finds them again instead of creating duplicates.
/// Sizes given in GB are sent in bytes (Scaleway counts 1 GB = 10^9 bytes).
/// </summary>
public static class EnvironmentResourceRequests
{
    private const long BytesPerGigabyte = 1_000_000_000;

    public static CreatePrivateNetworkRequest PrivateNetwork(EnvironmentSpec spec, string projectId, string? vpcId = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new CreatePrivateNetworkRequest(spec.Network.PrivateNetworkName, projectId, spec.ResourceTags, [spec.Network.PrivateNetworkCidr], vpcId);
    }

    public static CreatePoolRequest NodePool(EnvironmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var pool = spec.Kubernetes.NodePool;
        return new CreatePoolRequest(
            pool.Name,
            pool.NodeType,
            pool.Size,
            pool.Autoscaling.Enabled,
            pool.Autoscaling.MinSize,
            pool.Autoscaling.MaxSize,
            pool.Autohealing,
            spec.Zone,
            spec.ResourceTags,
            pool.RootVolumeType,
            pool.RootVolumeSizeGb * BytesPerGigabyte);
    }

    /// <summary>The cluster with its pool; <paramref name="kubernetesVersion"/> is an offered version (see ScalewayKapsuleApi.ResolveVersionAsync).</summary>
    public static CreateClusterRequest Cluster(EnvironmentSpec spec, string projectId, string privateNetworkId, string kubernetesVersion)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var kubernetes = spec.Kubernetes;
        return new CreateClusterRequest(
            projectId,
            kubernetes.ClusterName,
            spec.Description,
            spec.ResourceTags,
            kubernetesVersion,
            kubernetes.Cni,
            privateNetworkId,
            [NodePool(spec)],
            // Patch upgrades in a quiet slot (Sunday 03:00 UTC) when the environment asks for them.
            kubernetes.AutoUpgrade ? new CreateClusterAutoUpgrade(true, new MaintenanceWindow(3, "sunday")) : null);
    }

    /// <summary>
    /// The database instance, reachable only through the private network (IPAM-assigned address).
    /// lssd volumes are sized by the node type, so their size is sent as 0.
    /// </summary>
    public static CreateDatabaseInstanceRequest DatabaseInstance(EnvironmentSpec spec, string projectId, string privateNetworkId, string password)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var database = spec.Database;
        return new CreateDatabaseInstanceRequest(
            projectId,
            database.InstanceName,
            database.Engine,
            database.UserName,
            password,
            database.NodeType,
            database.HighAvailability,
            !database.Backup.Enabled,
            spec.ResourceTags,
            database.VolumeType,
            database.VolumeType == "lssd" ? 0 : database.VolumeSizeGb * BytesPerGigabyte,
            [new DatabaseEndpointSpec(new EndpointSpecPrivateNetwork(privateNetworkId, null, new IpamConfig()), null)]);
    }

    /// <summary>The backup schedule, applied with a PATCH once the instance exists (the create call only enables or disables backups).</summary>
    public static UpdateDatabaseInstanceRequest BackupSchedule(EnvironmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var backup = spec.Database.Backup;
        return new UpdateDatabaseInstanceRequest(
            BackupScheduleFrequency: backup.FrequencyHours,
            BackupScheduleRetention: backup.RetentionDays,
            IsBackupScheduleDisabled: !backup.Enabled);
    }
}
