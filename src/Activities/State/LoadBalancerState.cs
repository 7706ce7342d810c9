namespace CoderBootstrap.Activities.State;

/// <summary>The load balancer the cloud controller made for Coder's Service.</summary>
public sealed record LoadBalancerState(string LoadBalancerId, string? IpAddress, string Type);
