namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A node pool (GET /k8s/v1/regions/{region}/pools/{id}); root_volume_size is in bytes.</summary>
public sealed record Pool(
    string Id,
    string ClusterId,
    string Name,
    string Status,
    string? Region,
    string? Version,
    string NodeType,
    bool Autoscaling,
    int Size,
    int? MinSize,
    int? MaxSize,
    string? ContainerRuntime,
    bool Autohealing,
    IReadOnlyList<string>? Tags,
    string? Zone,
    string? RootVolumeType,
    long? RootVolumeSize,
    bool PublicIpDisabled,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt) : IScalewayTaggedResource;
