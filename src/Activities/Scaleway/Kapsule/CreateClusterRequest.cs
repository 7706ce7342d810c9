namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Body of POST /k8s/v1/regions/{region}/clusters; a private network is required for new clusters.</summary>
public sealed record CreateClusterRequest(
    string ProjectId,
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    string Version,
    string Cni,
    string PrivateNetworkId,
    IReadOnlyList<CreatePoolRequest>? Pools,
    CreateClusterAutoUpgrade? AutoUpgrade = null,
    string Type = "kapsule");
