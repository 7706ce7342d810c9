using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Teardown;
using Temporalio.Activities;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>Stand-ins of the teardown activities: an inventory the test arranges, deletes that answer "gone".</summary>
public sealed partial class StandInActivities
{
    /// <summary>What the inventory finds; the default is a whole environment with Coder deployed.</summary>
    public List<InventoryItem> Inventory { get; } =
    [
        new(ResourceKinds.Cluster, "cluster-1", "coder-cluster", "ready", true, false, 0m),
        new(ResourceKinds.NodePool, "pool-1", "default", "ready", true, false, 40m),
        new(InventoryActivities.LoadBalancerKind, "lb-1", "cluster-1_coder_coder", "ready", true, false, 10m),
        new(ResourceKinds.DatabaseInstance, "db-1", "coder-db", "ready", true, false, 15m),
        new(ResourceKinds.PrivateNetwork, "pn-1", "coder-pn", "ready", true, false, 0m),
    ];

    public bool CoderDeployed { get; set; } = true;

    [Activity("TakeInventory")]
    public Task<TeardownInventory> TakeInventoryAsync(SpecSnapshot snapshot) =>
        Answer(snapshot, () => new TeardownInventory(snapshot.Environment, Inventory.ToList(), Inventory.Sum(i => i.MonthlyEur), CoderDeployed,
            CoderDeployed ? "cluster-1" : null, $"terraform-state-coder-{snapshot.Environment}", true, true));

    [Activity("RemoveCoder")]
    public Task<CoderRemoved> RemoveCoderAsync(CoderTeardownInput input) =>
        Answer(input, () => new CoderRemoved(input.Snapshot.Spec.Coder.Namespace, true, 1, 2, ["lb-1"]));

    [Activity("DeleteCluster")]
    public Task<ResourceGone> DeleteClusterAsync(TeardownTarget input) => Answer(input, () => new ResourceGone(ResourceKinds.Cluster, input.ResourceId, true, 3));

    /// <summary>The volume handles the cluster's persistent volumes name.</summary>
    public List<string> ClusterVolumes { get; } = ["fr-par-1/volume-1"];

    [Activity("ListClusterVolumes")]
    public Task<IReadOnlyList<string>> ListClusterVolumesAsync(TeardownTarget input) => Answer(input, () => (IReadOnlyList<string>)ClusterVolumes.ToList());

    [Activity("DeleteVolume")]
    public Task<ResourceGone> DeleteVolumeAsync(TeardownTarget input) => Answer(input, () => new ResourceGone(VolumeTeardownActivities.BlockVolumeKind, input.ResourceId, true, 1));

    [Activity("DeleteDatabase")]
    public Task<ResourceGone> DeleteDatabaseAsync(TeardownTarget input) => Answer(input, () => new ResourceGone(ResourceKinds.DatabaseInstance, input.ResourceId, true, 2));

    [Activity("DeletePrivateNetwork")]
    public Task<ResourceGone> DeletePrivateNetworkAsync(TeardownTarget input) => Answer(input, () => new ResourceGone(ResourceKinds.PrivateNetwork, input.ResourceId, true, 1));

    [Activity("RemoveKubeconfig")]
    public Task<bool> RemoveKubeconfigAsync(SpecSnapshot snapshot) => Answer(snapshot, () => true);

    [Activity("RecordDestroyed")]
    public Task<StateDestroyed> RecordDestroyedAsync(RecordDestroyedInput input) =>
        Answer(input, () => new StateDestroyed($"terraform-state-coder-{input.Environment}", input.CoderOnly ? null : 3, 2));

    [Activity("DeleteSchedules")]
    public Task<IReadOnlyList<string>> DeleteSchedulesAsync(IReadOnlyList<string> scheduleIds) => Answer(scheduleIds, () => (IReadOnlyList<string>)[scheduleIds[0]]);

    [Activity("PurgeState")]
    public Task<StatePurged> PurgeStateAsync(SpecSnapshot snapshot) => Answer(snapshot, () => new StatePurged($"terraform-state-coder-{snapshot.Environment}", 7, true));
}
