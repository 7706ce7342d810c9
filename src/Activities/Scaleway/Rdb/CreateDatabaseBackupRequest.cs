namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Body of POST /rdb/v1/regions/{region}/backups.</summary>
public sealed record CreateDatabaseBackupRequest(string InstanceId, string DatabaseName, string Name, DateTimeOffset? ExpiresAt);
