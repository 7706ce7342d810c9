using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using k8s;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>
/// The Block Storage volumes of a cluster's persistent volumes. Kapsule's CSI driver tags none of
/// them, so only the cluster knows which are its own: they are listed from its persistent volumes
/// before it goes, and made sure gone after (a retained volume left behind keeps billing).
/// </summary>
public sealed class VolumeTeardownActivities(ScalewayAccess scaleway, ClusterAccess clusters, TimeSpan pollInterval, Serilog.ILogger log)
{
    /// <summary>The CSI driver of Scaleway Block Storage.</summary>
    public const string ScalewayCsiDriver = "csi.scaleway.com";

    /// <summary>The kind of a Block Storage volume in a teardown's results.</summary>
    public const string BlockVolumeKind = "block_volume";

    private readonly Serilog.ILogger _log = log.ForContext<VolumeTeardownActivities>();

    /// <summary>The volume handles (<c>{zone}/{id}</c>) of the cluster's Scaleway persistent volumes; none when the cluster is gone or going.</summary>
    [Activity]
    public async Task<IReadOnlyList<string>> ListClusterVolumesAsync(TeardownTarget input)
    {
        ArgumentNullException.ThrowIfNull(input);
        scaleway.For(input.Snapshot.Spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var cluster = await CallGuard.ScalewayAsync($"read cluster {input.ResourceId}", () => TryGetClusterAsync(input.ResourceId, cancellationToken)).ConfigureAwait(false);
        if (cluster is null || cluster.Status == ClusterStatus.Deleting)
        {
            _log.Information("Cluster {ClusterId} of {Environment} is gone: its volumes cannot be listed any more", input.ResourceId, input.Environment);
            return [];
        }
        using var client = await clusters.ConnectAsync(input.Environment, input.ResourceId, cancellationToken).ConfigureAwait(false);
        var volumes = await client.CoreV1.ListPersistentVolumeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var handles = volumes.Items
            .Where(v => v.Spec?.Csi?.Driver == ScalewayCsiDriver && !string.IsNullOrEmpty(v.Spec.Csi.VolumeHandle))
            .Select(v => v.Spec.Csi.VolumeHandle)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        _log.Information("Cluster {ClusterId} of {Environment} holds {Count} Block Storage volumes", input.ResourceId, input.Environment, handles.Count);
        return handles;
    }

    /// <summary>Makes sure the volume of a handle is gone: waits while it is still attached (its cluster is going), deletes it, waits for 404.</summary>
    [Activity]
    public async Task<ResourceGone> DeleteVolumeAsync(TeardownTarget input)
    {
        ArgumentNullException.ThrowIfNull(input);
        scaleway.For(input.Snapshot.Spec);
        var (zone, volumeId) = SplitHandle(input.ResourceId);
        var block = scaleway.Api.Block;
        await ActivityRun.PollAsync(pollInterval, async ct =>
        {
            var current = await CallGuard.ScalewayAsync($"read volume {volumeId}", () => TryGetVolumeAsync(volumeId, zone, ct)).ConfigureAwait(false);
            return current?.Status == BlockVolume.InUse
                ? Poll<bool>.Pending($"volume {volumeId} still attached to {current.References?.Count ?? 0} servers")
                : Poll<bool>.Finished(true);
        }).ConfigureAwait(false);
        var volume = new DeletableResource<BlockVolume>(BlockVolumeKind, "volume", volumeId,
            ct => block.GetVolumeAsync(volumeId, zone, ct), v => v.Status, v => v.Status == BlockVolume.Deleting,
            ct => block.DeleteVolumeAsync(volumeId, zone, ct));
        var gone = await ResourceDeletion.EnsureGoneAsync(volume, pollInterval, v =>
            _log.Information("Deleting Block Storage volume {Name} ({VolumeId}, {SizeGb} GB) of {Environment}, left behind by its cluster", v.Name, v.Id, v.Size / 1_000_000_000, input.Environment)).ConfigureAwait(false);
        return gone with { Id = input.ResourceId };
    }

    private static (string? Zone, string Id) SplitHandle(string handle)
    {
        var slash = handle.LastIndexOf('/');
        return slash < 0 ? (null, handle) : (handle[..slash], handle[(slash + 1)..]);
    }

    private async Task<Cluster?> TryGetClusterAsync(string clusterId, CancellationToken cancellationToken)
    {
        try
        {
            return await scaleway.Api.Kapsule.GetClusterAsync(clusterId, cancellationToken).ConfigureAwait(false);
        }
        catch (ScalewayApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task<BlockVolume?> TryGetVolumeAsync(string volumeId, string? zone, CancellationToken cancellationToken)
    {
        try
        {
            return await scaleway.Api.Block.GetVolumeAsync(volumeId, zone, cancellationToken).ConfigureAwait(false);
        }
        catch (ScalewayApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
