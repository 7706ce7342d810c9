namespace CoderBootstrap.Activities.Backup;

/// <summary>A backup without a manifest: it never finished, so it cannot be restored.</summary>
public sealed class BackupIncompleteException(string backupId)
    : Exception($"backup {backupId} is incomplete (it has no {BackupLayout.ManifestFile}) and cannot be restored")
{
    public string BackupId { get; } = backupId;
}
