namespace CoderBootstrap.Activities.Environments;

/// <summary>The cluster's node pool; <see cref="Size"/> is the node count the pool starts with and that costs are computed for.</summary>
public sealed record NodePoolSpec(
    string Name,
    string NodeType,
    int Size,
    AutoscalingSpec Autoscaling,
    bool Autohealing,
    string RootVolumeType,
    int RootVolumeSizeGb);
