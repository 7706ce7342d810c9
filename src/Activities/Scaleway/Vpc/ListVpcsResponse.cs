using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListVpcsResponse(long TotalCount, IReadOnlyList<Vpc> Vpcs) : IScalewayPage<Vpc>
{
    [JsonIgnore]
    public IReadOnlyList<Vpc> Items => Vpcs ?? [];
}
