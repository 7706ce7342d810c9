namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Where an IPAM address was taken from.</summary>
public sealed record IpamSource(string? Zonal, string? PrivateNetworkId, string? SubnetId);
