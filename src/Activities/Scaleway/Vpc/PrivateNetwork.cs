namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A private network (GET /vpc/v2/regions/{region}/private-networks/{id}); subnets list its IPv4 and IPv6 CIDRs.</summary>
public sealed record PrivateNetwork(
    string Id,
    string Name,
    string? OrganizationId,
    string? ProjectId,
    string? Region,
    string? VpcId,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<PrivateNetworkSubnet>? Subnets,
    bool DhcpEnabled,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt) : IScalewayTaggedResource;
