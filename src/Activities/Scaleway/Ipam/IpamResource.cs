namespace CoderBootstrap.Activities.Scaleway;

/// <summary>What an IPAM address is attached to (type rdb_instance, lb_server, k8s_node, ...).</summary>
public sealed record IpamResource(string Type, string Id, string? MacAddress, string? Name);
