namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// A managed database instance (GET /rdb/v1/regions/{region}/instances/{id}). Status: provisioning,
/// initializing, configuring, ready, backuping, autohealing, deleting, error, locked, disk_full, ...
/// </summary>
public sealed record DatabaseInstance(
    string Id,
    string Name,
    string Status,
    string? OrganizationId,
    string? ProjectId,
    string? Region,
    string Engine,
    string NodeType,
    bool IsHaCluster,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<DatabaseEndpoint>? Endpoints,
    DatabaseEndpoint? Endpoint,
    DatabaseVolume? Volume,
    DatabaseBackupSchedule? BackupSchedule,
    bool BackupSameRegion,
    DatabaseEncryption? Encryption,
    DateTimeOffset? CreatedAt) : IScalewayTaggedResource;
