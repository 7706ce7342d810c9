namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A private network endpoint to create: either a static service_ip (CIDR) or IPAM allocation (ipam_config: {}).</summary>
public sealed record EndpointSpecPrivateNetwork(string PrivateNetworkId, string? ServiceIp, IpamConfig? IpamConfig);
