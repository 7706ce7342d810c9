namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// <c>manifest.json</c>, written last: a backup without one is incomplete and never offered for
/// restore. It records every part with its size and SHA-256, what the database needs to be
/// restored onto (Coder version, migration version), and references only, never a secret value.
/// </summary>
public sealed record BackupManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required string BackupId { get; init; }

    public required string Environment { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>The Coder image version that was running; a restore onto another version is refused unless forced.</summary>
    public required string CoderVersion { get; init; }

    /// <summary>The database's <c>schema_migrations</c> row at dump time, or null when the table did not exist.</summary>
    public SchemaMigration? SchemaMigration { get; init; }

    /// <summary>SHA-256 of the applied environment spec.</summary>
    public required string SpecDigest { get; init; }

    /// <summary>The coder-bootstrap version that made the backup.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>For example <c>pg_dump (PostgreSQL) 15.14</c>.</summary>
    public required string DumpToolVersion { get; init; }

    /// <summary>The teardown's backup: kept for its own retention even after the environment is gone.</summary>
    public bool PreDestroy { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The how-many-th backup of the environment this is (1 for the first), so "every N-th" survives retention.</summary>
    public int Sequence { get; init; }

    public required IReadOnlyList<BackupPart> Parts { get; init; }

    /// <summary>Tables and row counts of the dump's snapshot, compared by a verification restore.</summary>
    public IReadOnlyList<TableRowCount> Tables { get; init; } = [];

    public BackupPart Part(string name) =>
        Parts.FirstOrDefault(p => p.Name == name) ?? throw new BackupIntegrityException($"backup {BackupId} has no {name} part");

    public DatabaseFigures DatabaseFigures => new(Tables, SchemaMigration);
}

/// <summary>One object of a backup.</summary>
public sealed record BackupPart(string Name, string Key, long Size, string Sha256, string ContentType)
{
    public ExpectedContent Expected => new(Size, Sha256);
}

/// <summary>The names of a backup's parts.</summary>
public static class BackupPartNames
{
    public const string Database = "database";
    public const string Kubernetes = "kubernetes";
    public const string Spec = "spec";
    public const string InfraState = "infra-state";
    public const string CoderState = "coder-state";
}
