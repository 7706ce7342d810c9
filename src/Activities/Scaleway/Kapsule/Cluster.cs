namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// A Kapsule cluster (GET /k8s/v1/regions/{region}/clusters/{id}). Status: creating, ready,
/// pool_required (no pool yet), updating, deleting, locked, unknown.
/// </summary>
public sealed record Cluster(
    string Id,
    string Name,
    string Status,
    string? Region,
    string? OrganizationId,
    string? ProjectId,
    string? Type,
    string? Description,
    string? Version,
    string? Cni,
    IReadOnlyList<string>? Tags,
    string? ClusterUrl,
    string? DnsWildcard,
    string? PrivateNetworkId,
    ClusterAutoUpgrade? AutoUpgrade,
    ClusterAutoscalerConfig? AutoscalerConfig,
    bool UpgradeAvailable,
    string? PodCidr,
    string? ServiceCidr,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt) : IScalewayTaggedResource;
