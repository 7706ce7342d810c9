namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// A load balancer (GET /lb/v1/zones/{zone}/lbs/{id}). Status: to_create, creating, ready,
/// pending, stopped, error, locked, migrating, to_delete, deleting, unknown. Type comes back
/// normalised in lower case (lb-s).
/// </summary>
public sealed record LoadBalancer(
    string Id,
    string Name,
    string Status,
    string Type,
    string? Description,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<LoadBalancerIp>? Ip,
    string? Zone,
    string? Region,
    string? ProjectId,
    string? OrganizationId,
    int PrivateNetworkCount,
    int BackendCount,
    int FrontendCount,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt) : IScalewayTaggedResource;
