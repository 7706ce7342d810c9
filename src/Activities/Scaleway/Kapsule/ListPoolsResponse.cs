using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListPoolsResponse(long TotalCount, IReadOnlyList<Pool> Pools) : IScalewayPage<Pool>
{
    [JsonIgnore]
    public IReadOnlyList<Pool> Items => Pools ?? [];
}
