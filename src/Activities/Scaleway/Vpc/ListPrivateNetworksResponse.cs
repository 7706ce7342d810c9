using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListPrivateNetworksResponse(long TotalCount, IReadOnlyList<PrivateNetwork> PrivateNetworks) : IScalewayPage<PrivateNetwork>
{
    [JsonIgnore]
    public IReadOnlyList<PrivateNetwork> Items => PrivateNetworks ?? [];
}
