using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>Reading and keeping the backups of a bucket: retention, checksum verification, verification by a scratch restore.</summary>
public sealed class BackupCatalogActivities(BackupAccess access, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<BackupCatalogActivities>();

    /// <summary>Deletes the backups past their expiry; never the newest complete one, never below keep_last, never the one just written.</summary>
    [Activity]
    public async Task<RetentionOutcome> ApplyRetentionAsync(RetentionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var bucket = BackupLayout.Bucket(input.Environment);
        var entries = await CallGuard.StorageAsync($"list the backups of environment '{input.Environment}'",
            () => new BackupCatalog(access.S3).ListAsync(bucket, cancellationToken)).ConfigureAwait(false);
        var plan = BackupRetention.Plan([.. entries.Select(e => e.ToRetentionCandidate())], DateTimeOffset.UtcNow, input.KeepLast, TimeSpan.FromDays(input.RetentionDays));
        var writer = new BackupObjectWriter(access.S3);
        var deleted = new List<string>();
        foreach (var id in plan.Delete.Where(id => id != input.JustWritten))
        {
            await CallGuard.StorageAsync($"delete backup {id}", () => writer.DeleteBackupAsync(bucket, id, cancellationToken)).ConfigureAwait(false);
            deleted.Add(id);
        }

        _log.Information("Retention of {Environment}: deleted {Deleted}, kept {Kept} (keep_last {KeepLast}, {Days} days)",
            input.Environment, deleted.Count == 0 ? "nothing" : string.Join(", ", deleted), plan.KeptBecause.Count, input.KeepLast, input.RetentionDays);
        return new RetentionOutcome(deleted, plan.KeptBecause.Count);
    }

    /// <summary>Recomputes size and SHA-256 of every part from the stored bytes.</summary>
    [Activity]
    public async Task<ChecksumReport> VerifyChecksumsAsync(BackupSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var cancellationToken = ActivityRun.CancellationToken;
        var s3 = access.S3;
        var manifest = await CallGuard.StorageAsync($"read the backup {selector.Backup} of '{selector.Environment}'",
            () => BackupSummaries.FindAsync(s3, selector, cancellationToken)).ConfigureAwait(false);
        var bucket = BackupLayout.Bucket(selector.Environment);
        var checks = await CallGuard.StorageAsync($"verify backup {manifest.BackupId}",
            () => new BackupVerifier(s3).VerifyAsync(bucket, manifest, cancellationToken)).ConfigureAwait(false);
        var problems = checks.Where(c => !c.Matches).Select(c => $"{c.Name}: {c.Problem}").ToList();
        _log.Information("Checksums of backup {BackupId}: {Result}", manifest.BackupId, problems.Count == 0 ? $"all {checks.Count} parts match" : string.Join("; ", problems));
        return new ChecksumReport(BackupSummaries.Of(bucket, manifest), problems);
    }

    /// <summary>Restores the dump into a scratch database beside the environment's, compares tables and row counts, drops it.</summary>
    [Activity]
    public async Task<ScratchVerifyReport> VerifyByScratchRestoreAsync(ScratchVerifyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var s3 = access.S3;
        var manifest = await CallGuard.StorageAsync($"read the backup {input.BackupId}",
            () => BackupSummaries.FindAsync(s3, new BackupSelector(input.Environment, input.BackupId), cancellationToken)).ConfigureAwait(false);
        var bucket = BackupLayout.Bucket(input.Environment);
        var dump = manifest.Part(BackupPartNames.Database);
        var password = await access.PasswordAsync(input.Infra, cancellationToken).ConfigureAwait(false);
        var verifier = new ScratchRestoreVerifier(new DatabaseRestoreStreamer(access.Tools, s3));
        RestoreVerification result;
        try
        {
            result = await verifier.VerifyAsync(BackupAccess.Endpoint(input.Infra), password, new ObjectLocation(bucket, dump.Key), dump.Expected, manifest.DatabaseFigures, cancellationToken).ConfigureAwait(false);
        }
        catch (BackupIntegrityException error)
        {
            return new ScratchVerifyReport(manifest.BackupId, "(not restored)", 0, 0, [error.Message]);
        }

        if (result.Matches)
        {
            await BackupSummaries.MarkVerifiedAsync(s3, bucket, manifest.BackupId, DateTimeOffset.UtcNow, "scratch restore", cancellationToken).ConfigureAwait(false);
        }

        _log.Information("Scratch restore of backup {BackupId} into {Database}: {Result}", manifest.BackupId, result.ScratchDatabase,
            result.Matches ? $"{result.Restored.Tables.Count} tables match" : string.Join("; ", result.Differences));
        return new ScratchVerifyReport(manifest.BackupId, result.ScratchDatabase, result.Restored.Tables.Count, result.Restored.Tables.Sum(t => t.Rows), result.Differences);
    }
}
