namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A way into a database instance: either through a private network or a public load balancer.</summary>
public sealed record DatabaseEndpoint(string Id, string? Ip, int Port, string? Name, EndpointPrivateNetwork? PrivateNetwork, EndpointLoadBalancer? LoadBalancer);
