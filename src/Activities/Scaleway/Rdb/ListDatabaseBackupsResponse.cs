using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListDatabaseBackupsResponse(long TotalCount, IReadOnlyList<DatabaseBackup> DatabaseBackups) : IScalewayPage<DatabaseBackup>
{
    [JsonIgnore]
    public IReadOnlyList<DatabaseBackup> Items => DatabaseBackups ?? [];
}
