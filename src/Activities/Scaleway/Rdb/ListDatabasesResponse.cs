using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListDatabasesResponse(long TotalCount, IReadOnlyList<Database> Databases) : IScalewayPage<Database>
{
    [JsonIgnore]
    public IReadOnlyList<Database> Items => Databases ?? [];
}
