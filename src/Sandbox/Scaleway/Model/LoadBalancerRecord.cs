namespace CoderBootstrap.Sandbox.Scaleway.Model;

/// <summary>A load balancer made by a sandbox cluster's cloud controller for a <c>LoadBalancer</c> service.</summary>
public sealed class LoadBalancerRecord
{
    public required string Id { get; init; }
    public required string Zone { get; init; }
    public required string Region { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string ClusterId { get; init; }
    public required string ServiceNamespace { get; init; }
    public required string ServiceName { get; init; }
    public required string IpId { get; init; }
    public required string IpAddress { get; set; }
    public required string Type { get; init; }
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset CreatingAt { get; init; }
    public DateTimeOffset ReadyAt { get; init; }
    public DateTimeOffset? DeletingSince { get; set; }
    public DateTimeOffset? GoneAt { get; set; }

    /// <summary>
    /// Deleted through the LB API while its Service still exists: the cluster's cloud controller
    /// makes a new one once it is gone (cleared when the Service goes).
    /// </summary>
    public bool RecreateWhenGone { get; set; }
}
