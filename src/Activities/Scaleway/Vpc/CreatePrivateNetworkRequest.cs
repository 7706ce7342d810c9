namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Body of POST /vpc/v2/regions/{region}/private-networks; without a VPC id the project's default VPC is used.</summary>
public sealed record CreatePrivateNetworkRequest(string Name, string ProjectId, IReadOnlyList<string> Tags, IReadOnlyList<string>? Subnets, string? VpcId);
