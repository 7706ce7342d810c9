using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListDatabaseNodeTypesResponse(long TotalCount, IReadOnlyList<DatabaseNodeType> NodeTypes) : IScalewayPage<DatabaseNodeType>
{
    [JsonIgnore]
    public IReadOnlyList<DatabaseNodeType> Items => NodeTypes ?? [];
}
