namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A flexible IP of the load balancer API.</summary>
public sealed record LoadBalancerIp(
    string Id,
    string IpAddress,
    string? LbId,
    string? Reverse,
    string? Zone,
    string? Region,
    string? ProjectId,
    IReadOnlyList<string>? Tags);
