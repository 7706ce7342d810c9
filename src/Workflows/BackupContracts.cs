using CoderBootstrap.Activities.Contracts;

namespace CoderBootstrap.Workflows;

/// <summary>
/// A backup of one environment: started by the Starter or its schedule on its own (the spec and
/// phase-1 outputs are loaded first), or by a teardown as a child, handing its snapshot forward.
/// <see cref="Verify"/>: null restores every N-th backup into a scratch database (the spec's
/// <c>backup.verify_every</c>), true always, false never.
/// </summary>
public sealed record BackupInput(
    string Environment,
    bool IncludeAll = false,
    bool PreDestroy = false,
    int? RetentionDays = null,
    SpecSnapshot? Snapshot = null,
    InfraOutputs? Infra = null,
    bool? Verify = null,
    double? RetryScale = null);

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
    DateTime CompletedAt,
    int Sequence = 0,
    ScratchVerifyReport? Verification = null);

/// <summary>A restore of one environment from one of its backups (<c>latest</c> or an id); <see cref="Force"/> allows another Coder version (recorded).</summary>
public sealed record RestoreInput(string Environment, string Backup = "latest", bool Force = false, SpecSnapshot? Snapshot = null, InfraOutputs? Infra = null,
    double? RetryScale = null);

/// <summary>What was restored onto what, and how Coder came back.</summary>
public sealed record RestoreResult(
    string Environment,
    string BackupId,
    string BackupCoderVersion,
    string RunningCoderVersion,
    bool Forced,
    long DatabaseBytes,
    IReadOnlyList<string> Objects,
    string CoderUrl,
    HealthReport Health,
    DateTime StartedAt,
    DateTime CompletedAt);

/// <summary>A verification of one backup: its checksums, then a restore into a scratch database.</summary>
public sealed record BackupVerifyInput(string Environment, string Backup = "latest", SpecSnapshot? Snapshot = null, InfraOutputs? Infra = null,
    double? RetryScale = null);

public sealed record BackupVerifyResult(string Environment, string BackupId, ChecksumReport Checksums, ScratchVerifyReport? Restore)
{
    public bool Passed => Checksums.Matches && Restore is { Matches: true };
}
