namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Body of POST /vpc/v2/regions/{region}/vpcs.</summary>
public sealed record CreateVpcRequest(string Name, string ProjectId, IReadOnlyList<string> Tags, bool? EnableRouting = null);
