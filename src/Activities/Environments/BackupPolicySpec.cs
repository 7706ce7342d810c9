namespace CoderBootstrap.Activities.Environments;

/// <summary>
/// The environment's own backups of Coder (database dump, Kubernetes objects, spec and state) —
/// the top-level <c>backup:</c> section, apart from the managed database's automatic backups
/// (<see cref="BackupSpec"/>). Without the section: keep 3, 30 days, no schedule, no verification.
/// </summary>
public sealed record BackupPolicySpec(int KeepLast, int RetentionDays, int VerifyEvery, BackupScheduleSpec? Schedule)
{
    public static BackupPolicySpec Default { get; } = new(3, 30, 0, null);
}

/// <summary>When scheduled backups run: a five-field cron in UTC, and a random delay of up to <see cref="Jitter"/> after it.</summary>
public sealed record BackupScheduleSpec(string Cron, TimeSpan Jitter);
