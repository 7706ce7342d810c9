namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A VPC (GET /vpc/v2/regions/{region}/vpcs/{id}).</summary>
public sealed record Vpc(
    string Id,
    string Name,
    string? OrganizationId,
    string? ProjectId,
    string? Region,
    IReadOnlyList<string>? Tags,
    bool IsDefault,
    int PrivateNetworkCount,
    bool RoutingEnabled,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt) : IScalewayTaggedResource;
