using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListLoadBalancersResponse(long TotalCount, IReadOnlyList<LoadBalancer> Lbs) : IScalewayPage<LoadBalancer>
{
    [JsonIgnore]
    public IReadOnlyList<LoadBalancer> Items => Lbs ?? [];
}
