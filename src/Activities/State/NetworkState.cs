namespace CoderBootstrap.Activities.State;

/// <summary>The private network shared by the cluster and the database.</summary>
public sealed record NetworkState(string PrivateNetworkId, string? VpcId, string Cidr);
