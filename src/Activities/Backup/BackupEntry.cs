namespace CoderBootstrap.Activities.Backup;

/// <summary>One backup folder of a bucket; <see cref="Manifest"/> is null for an incomplete backup.</summary>
public sealed record BackupEntry(string Id, DateTimeOffset StartedAt, BackupManifest? Manifest)
{
    public bool IsComplete => Manifest is not null;

    public RetentionCandidate ToRetentionCandidate() =>
        new(Id, StartedAt, IsComplete, Manifest?.ExpiresAt, Manifest?.PreDestroy ?? false);
}
