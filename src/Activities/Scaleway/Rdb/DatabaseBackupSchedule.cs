namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Automated backups: every <see cref="Frequency"/> hours, kept <see cref="Retention"/> days.</summary>
public sealed record DatabaseBackupSchedule(int Frequency, int Retention, bool Disabled, DateTimeOffset? NextRunAt);
