using CoderBootstrap.Activities.Contracts;

namespace CoderBootstrap.Workflows;

/// <summary>
/// A teardown of an environment. <see cref="DryRun"/>: the inventory only, nothing changed (what
/// <c>starter run teardown</c> without --confirm shows). <see cref="CoderOnly"/>: phase 2 only, the
/// infrastructure stays. <see cref="PurgeState"/>: the state bucket goes too (never the backups).
/// </summary>
public sealed record TeardownInput(
    string Environment,
    bool AutoApprove = false,
    bool DryRun = false,
    bool SkipBackup = false,
    int RetentionDays = TeardownInput.DefaultRetentionDays,
    bool CoderOnly = false,
    bool PurgeState = false,
    TimeSpan? ApprovalTimeout = null,
    double? RetryScale = null)
{
    /// <summary>Retention of the pre-destroy backup, as the specification's <c>backup.sh --pre-destroy --retention-days=90</c>.</summary>
    public const int DefaultRetentionDays = 90;
}

/// <summary>The end of a teardown: what was deleted, what was kept and where, the monthly cost saved, how long each phase took.</summary>
public sealed record TeardownResult(
    string Environment,
    string Outcome,
    TeardownInventory Inventory,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> Kept,
    decimal MonthlyCostSavedEur,
    BackupResult? Backup,
    string? BackupSkippedBecause,
    ApprovalDecision? Approval,
    IReadOnlyDictionary<string, TimeSpan> PhaseDurations,
    DateTime StartedAt,
    DateTime CompletedAt);
