using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListDatabaseInstancesResponse(long TotalCount, IReadOnlyList<DatabaseInstance> Instances) : IScalewayPage<DatabaseInstance>
{
    [JsonIgnore]
    public IReadOnlyList<DatabaseInstance> Items => Instances ?? [];
}
