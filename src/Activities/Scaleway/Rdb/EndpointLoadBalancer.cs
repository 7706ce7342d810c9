namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Marks a public database endpoint (the API sends an empty object).</summary>
public sealed record EndpointLoadBalancer;
