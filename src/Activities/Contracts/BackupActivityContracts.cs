using System.Text.Json.Serialization;
using CoderBootstrap.Activities.Backup;

namespace CoderBootstrap.Activities.Contracts;

// Inputs and outputs of the backup, restore and verification activities: names, sizes, checksums
// and figures, never a secret (the database password is read by the activity that needs it).

/// <summary>What every step of one backup starts from: the run's spec, the phase-1 outputs and the backup's id (chosen by the workflow).</summary>
public sealed record BackupStepInput(SpecSnapshot Snapshot, InfraOutputs Infra, string BackupId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;

    [JsonIgnore]
    public string Bucket => BackupLayout.Bucket(Environment);

    [JsonIgnore]
    public CoderStepInput CoderStep => new(Snapshot, Infra);
}

/// <summary>The pre-flight of a backup: the database answered, the running Coder version and its migration state.</summary>
public sealed record BackupPreflight(string Bucket, string CoderVersion, SchemaMigration? Migration, long DatabaseBytes, int Sequence);

/// <summary>The dump stored in the backup, with the figures counted in its snapshot.</summary>
public sealed record DumpedDatabase(BackupPart Part, int UploadParts, IReadOnlyList<TableRowCount> Tables, SchemaMigration? Migration, string DumpToolVersion);

/// <summary>The manifest to write last: from then on the backup is complete.</summary>
public sealed record WriteManifestInput(
    BackupStepInput Step,
    BackupPreflight Preflight,
    DumpedDatabase Database,
    IReadOnlyList<BackupPart> Parts,
    bool PreDestroy,
    DateTimeOffset StartedAt,
    DateTimeOffset? ExpiresAt) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Step.Environment;
}

public sealed record ManifestWritten(string Bucket, string Key, long TotalBytes, int PartCount, DateTimeOffset CompletedAt);

public sealed record RetentionInput(string Environment, int KeepLast, int RetentionDays, string JustWritten) : IEnvironmentScoped;

public sealed record RetentionOutcome(IReadOnlyList<string> Deleted, int Kept);

/// <summary>A backup to read: <c>latest</c> or an id, in the environment's bucket.</summary>
public sealed record BackupSelector(string Environment, string Backup) : IEnvironmentScoped;

/// <summary>What a complete backup holds, read from its manifest.</summary>
public sealed record BackupSummary(
    string BackupId,
    string Bucket,
    string CoderVersion,
    SchemaMigration? Migration,
    string SpecDigest,
    long TotalBytes,
    int PartCount,
    IReadOnlyList<string> PartNames,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    bool PreDestroy,
    DateTimeOffset? ExpiresAt,
    int Tables,
    long Rows);

/// <summary>The checksums of every part recomputed from the stored bytes; <see cref="Problems"/> is empty when all matched.</summary>
public sealed record ChecksumReport(BackupSummary Backup, IReadOnlyList<string> Problems)
{
    public bool Matches => Problems.Count == 0;
}

/// <summary>A verification restore into a scratch database on the environment's server.</summary>
public sealed record ScratchVerifyInput(SpecSnapshot Snapshot, InfraOutputs Infra, string BackupId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

public sealed record ScratchVerifyReport(string BackupId, string ScratchDatabase, int Tables, long Rows, IReadOnlyList<string> Differences)
{
    public bool Matches => Differences.Count == 0;
}

/// <summary>A restore step: the run's spec, the phase-1 outputs, the backup being restored.</summary>
public sealed record RestoreStepInput(SpecSnapshot Snapshot, InfraOutputs Infra, BackupSummary Backup) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;

    [JsonIgnore]
    public CoderStepInput CoderStep => new(Snapshot, Infra);
}

public sealed record ScaleCoderInput(CoderStepInput Step, int Replicas) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Step.Environment;
}

/// <summary>The replicas Coder had before it was scaled, and what it has now.</summary>
public sealed record CoderScaled(int PreviousReplicas, int Replicas);

public sealed record DatabaseRestored(long Bytes, string Database);

public sealed record ObjectsReapplied(IReadOnlyList<string> Objects);

/// <summary>The Coder running now: its image version and its replicas.</summary>
public sealed record RunningCoder(string Version, int Replicas);
