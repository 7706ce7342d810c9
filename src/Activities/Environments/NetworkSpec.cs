namespace CoderBootstrap.Activities.Environments;

/// <summary>The VPC private network shared by the cluster and the database.</summary>
public sealed record NetworkSpec(string PrivateNetworkName, string PrivateNetworkCidr);
