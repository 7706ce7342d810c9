using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListClustersResponse(long TotalCount, IReadOnlyList<Cluster> Clusters) : IScalewayPage<Cluster>
{
    [JsonIgnore]
    public IReadOnlyList<Cluster> Items => Clusters ?? [];
}
