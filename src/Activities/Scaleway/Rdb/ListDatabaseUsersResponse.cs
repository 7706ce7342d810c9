using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListDatabaseUsersResponse(long TotalCount, IReadOnlyList<DatabaseUser> Users) : IScalewayPage<DatabaseUser>
{
    [JsonIgnore]
    public IReadOnlyList<DatabaseUser> Items => Users ?? [];
}
