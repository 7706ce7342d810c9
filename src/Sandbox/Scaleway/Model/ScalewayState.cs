namespace CoderBootstrap.Sandbox.Scaleway.Model;

/// <summary>Every emulated Scaleway resource; persisted as one document.</summary>
public sealed class ScalewayState
{
    public List<VpcRecord> Vpcs { get; set; } = [];
    public List<PrivateNetworkRecord> PrivateNetworks { get; set; } = [];
    public List<ClusterRecord> Clusters { get; set; } = [];
    public List<PoolRecord> Pools { get; set; } = [];
    public List<RdbInstanceRecord> RdbInstances { get; set; } = [];
    public List<RdbBackupRecord> RdbBackups { get; set; } = [];
    public List<LoadBalancerRecord> LoadBalancers { get; set; } = [];
    public List<BlockVolumeRecord> BlockVolumes { get; set; } = [];
}
