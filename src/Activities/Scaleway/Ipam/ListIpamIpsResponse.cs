using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListIpamIpsResponse(long TotalCount, IReadOnlyList<IpamIp> Ips) : IScalewayPage<IpamIp>
{
    [JsonIgnore]
    public IReadOnlyList<IpamIp> Items => Ips ?? [];
}
