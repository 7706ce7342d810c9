using CoderBootstrap.Activities.Contracts;

namespace CoderBootstrap.Workflows;

/// <summary>
/// A backup of one environment: started by the Starter or its schedule on its own (the spec and
/// phase-1 outputs are loaded first), or by a teardown as a child, handing its snapshot forward.
/// </summary>
public sealed record BackupInput(
    string Environment,
    bool IncludeAll = false,
    bool PreDestroy = false,
    int? RetentionDays = null,
    SpecSnapshot? Snapshot = null,
    InfraOutputs? Infra = null);

/// <summary>Where a finished backup is and what it holds; every part is listed in its manifest.</summary>
public sealed record BackupResult(
    string Environment,
    string BackupId,
    string Bucket,
    string ManifestKey,
    long TotalBytes,
    int PartCount,
    string CoderVersion,
    bool PreDestroy,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> DeletedByRetention,
    DateTime StartedAt,
    DateTime CompletedAt);
