using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListDatabaseEnginesResponse(long TotalCount, IReadOnlyList<DatabaseEngine> Engines) : IScalewayPage<DatabaseEngine>
{
    [JsonIgnore]
    public IReadOnlyList<DatabaseEngine> Items => Engines ?? [];
}
