namespace CoderBootstrap.Activities.Scaleway;

/// <summary>An address booked in IPAM; <see cref="Address"/> is a CIDR like 172.16.32.7/22.</summary>
public sealed record IpamIp(
    string Id,
    string Address,
    bool IsIpv6,
    string? ProjectId,
    string? Region,
    string? Zone,
    IpamResource? Resource,
    IpamSource? Source,
    IReadOnlyList<string>? Tags,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);
