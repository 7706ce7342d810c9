namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A manual or exported backup (status creating, ready, exporting, restoring, deleting, error, locked); size in bytes.</summary>
public sealed record DatabaseBackup(
    string Id,
    string InstanceId,
    string DatabaseName,
    string Name,
    string Status,
    long? Size,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string? InstanceName,
    string? DownloadUrl,
    DateTimeOffset? DownloadUrlExpiresAt,
    bool SameRegion,
    string? Region);
