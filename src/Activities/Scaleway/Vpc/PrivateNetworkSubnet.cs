namespace CoderBootstrap.Activities.Scaleway;

/// <summary>One subnet of a private network; <see cref="Subnet"/> is a CIDR like 172.16.0.0/22.</summary>
public sealed record PrivateNetworkSubnet(string? Id, string Subnet, string? PrivateNetworkId, string? VpcId, DateTimeOffset? CreatedAt);
