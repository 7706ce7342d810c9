namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A cluster node (GET /k8s/v1/regions/{region}/clusters/{id}/nodes).</summary>
public sealed record Node(
    string Id,
    string ClusterId,
    string PoolId,
    string Name,
    string Status,
    string? PublicIpV4,
    string? PublicIpV6,
    string? ProviderId,
    string? ErrorMessage,
    IReadOnlyDictionary<string, string>? Conditions,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);
