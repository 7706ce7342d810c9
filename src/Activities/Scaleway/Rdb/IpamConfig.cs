namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Asks IPAM to allocate the endpoint's address (sent as an empty object).</summary>
public sealed record IpamConfig;
