namespace CoderBootstrap.Activities.Scaleway;

/// <summary>An endpoint to create: set exactly one of the two.</summary>
public sealed record DatabaseEndpointSpec(EndpointSpecPrivateNetwork? PrivateNetwork, EndpointLoadBalancer? LoadBalancer);
