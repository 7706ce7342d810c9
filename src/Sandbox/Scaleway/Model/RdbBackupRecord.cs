namespace CoderBootstrap.Sandbox.Scaleway.Model;

public sealed class RdbBackupRecord
{
    public required string Id { get; init; }
    public required string Region { get; init; }
    public required string InstanceId { get; init; }
    public required string InstanceName { get; init; }
    public required string ProjectId { get; init; }
    public required string DatabaseName { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset ReadyAt { get; init; }
    public long? Size { get; set; }

    /// <summary>The <c>pg_dump</c> file of the backup when the instance is backed by a real PostgreSQL.</summary>
    public string? DumpFile { get; set; }

    public DateTimeOffset? ExportingUntil { get; set; }
    public DateTimeOffset? RestoringUntil { get; set; }
    public DateTimeOffset? DeletingSince { get; set; }
}
