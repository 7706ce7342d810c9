namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A pool to create, in POST /clusters/{id}/pools or inside a create-cluster request. root_volume_size is in bytes.</summary>
public sealed record CreatePoolRequest(
    string Name,
    string NodeType,
    int Size,
    bool Autoscaling,
    int? MinSize,
    int? MaxSize,
    bool Autohealing,
    string? Zone,
    IReadOnlyList<string> Tags,
    string? RootVolumeType = null,
    long? RootVolumeSize = null,
    string? ContainerRuntime = null);
