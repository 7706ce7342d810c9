namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Private network side of a database endpoint; service_ip is a CIDR like 172.16.0.3/22.</summary>
public sealed record EndpointPrivateNetwork(string PrivateNetworkId, string? ServiceIp, string? Zone, string? ProvisioningMode);
