using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListLoadBalancerIpsResponse(long TotalCount, IReadOnlyList<LoadBalancerIp> Ips) : IScalewayPage<LoadBalancerIp>
{
    [JsonIgnore]
    public IReadOnlyList<LoadBalancerIp> Items => Ips ?? [];
}
