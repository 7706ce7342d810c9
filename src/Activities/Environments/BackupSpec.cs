namespace CoderBootstrap.Activities.Environments;

/// <summary>Automated database backups.</summary>
public sealed record BackupSpec(bool Enabled, int FrequencyHours, int RetentionDays);
