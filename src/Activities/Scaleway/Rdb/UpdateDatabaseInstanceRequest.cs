namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Body of PATCH /rdb/v1/regions/{region}/instances/{id}; absent fields stay unchanged.</summary>
public sealed record UpdateDatabaseInstanceRequest(
    string? Name = null,
    IReadOnlyList<string>? Tags = null,
    int? BackupScheduleFrequency = null,
    int? BackupScheduleRetention = null,
    bool? IsBackupScheduleDisabled = null);
