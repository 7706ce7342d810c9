using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>Finds a complete backup (<c>latest</c> or an id) and records verifications beside it.</summary>
public static class BackupSummaries
{
    public const string VerifiedFile = "verified.json";

    public static BackupSummary Of(string bucket, BackupManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new BackupSummary(manifest.BackupId, bucket, manifest.CoderVersion, manifest.SchemaMigration, manifest.SpecDigest,
            manifest.Parts.Sum(p => p.Size), manifest.Parts.Count, [.. manifest.Parts.Select(p => p.Name)],
            manifest.StartedAt, manifest.CompletedAt, manifest.PreDestroy, manifest.ExpiresAt, manifest.Tables.Count, manifest.Tables.Sum(t => t.Rows));
    }

    /// <summary>The manifest of the selected complete backup; an unknown id, an incomplete backup or no backup at all is permanent.</summary>
    public static async Task<BackupManifest> FindAsync(IAmazonS3 s3, BackupSelector selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var bucket = BackupLayout.Bucket(selector.Environment);
        var catalog = new BackupCatalog(s3);
        IReadOnlyList<BackupEntry> entries;
        try
        {
            entries = await catalog.ListAsync(bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            entries = [];
        }
        catch (BackupIntegrityException error)
        {
            throw ActivityFailure.Permanent(FailureKind.BackupIntegrity, error.Message);
        }

        if (selector.Backup == "latest")
        {
            return entries.LastOrDefault(e => e.IsComplete)?.Manifest
                ?? throw ActivityFailure.Permanent(FailureKind.BackupNotFound, $"{selector.Environment} has no complete backup in {bucket}: run `starter run backup --env={selector.Environment}` first");
        }

        var entry = entries.FirstOrDefault(e => e.Id == selector.Backup)
            ?? throw ActivityFailure.Permanent(FailureKind.BackupNotFound, $"no backup {selector.Backup} in {bucket} (`starter backup list --env={selector.Environment}` lists them)");
        return entry.Manifest
            ?? throw ActivityFailure.Permanent(FailureKind.BackupIncomplete, new BackupIncompleteException(entry.Id).Message);
    }

    public static async Task MarkVerifiedAsync(IAmazonS3 s3, string bucket, string backupId, DateTimeOffset at, string how, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { verified_at = at, how });
        using var stream = new MemoryStream(body, writable: false);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = BackupLayout.PartKey(backupId, VerifiedFile), InputStream = stream, ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<DateTimeOffset?> VerifiedAtAsync(IAmazonS3 s3, string bucket, string backupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        try
        {
            var head = await s3.GetObjectMetadataAsync(bucket, BackupLayout.PartKey(backupId, VerifiedFile), cancellationToken).ConfigureAwait(false);
            return head.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue;
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
