using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Reads the backups of a bucket. A folder without a manifest is listed as incomplete and is
/// never returned by <see cref="ReadCompleteAsync"/> or <see cref="LatestCompleteAsync"/>.
/// </summary>
public sealed class BackupCatalog
{
    private readonly IAmazonS3 _s3;

    public BackupCatalog(IAmazonS3 s3)
    {
        _s3 = s3;
    }

    /// <summary>Every backup of the bucket, oldest first (folders whose name is not a backup id are ignored).</summary>
    public async Task<IReadOnlyList<BackupEntry>> ListAsync(string bucket, CancellationToken cancellationToken)
    {
        var entries = new List<BackupEntry>();
        string? continuation = null;
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", ContinuationToken = continuation }, cancellationToken).ConfigureAwait(false);
            }
            catch (NoSuchBucketException)
            {
                // The bucket is created by the first backup: without it there is no backup yet.
                return [];
            }
            foreach (var prefix in page.CommonPrefixes ?? [])
            {
                var id = prefix.TrimEnd('/');
                if (BackupLayout.StartedAtOf(id) is { } startedAt)
                {
                    entries.Add(new BackupEntry(id, startedAt, await TryReadManifestAsync(bucket, id, cancellationToken).ConfigureAwait(false)));
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);

        return [.. entries.OrderBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>The manifest of a complete backup; throws <see cref="BackupIncompleteException"/> when it has none.</summary>
    public async Task<BackupManifest> ReadCompleteAsync(string bucket, string backupId, CancellationToken cancellationToken) =>
        await TryReadManifestAsync(bucket, backupId, cancellationToken).ConfigureAwait(false) ?? throw new BackupIncompleteException(backupId);

    /// <summary>The newest complete backup, or null when there is none.</summary>
    public async Task<BackupManifest?> LatestCompleteAsync(string bucket, CancellationToken cancellationToken) =>
        (await ListAsync(bucket, cancellationToken).ConfigureAwait(false)).LastOrDefault(e => e.IsComplete)?.Manifest;

    private async Task<BackupManifest?> TryReadManifestAsync(string bucket, string backupId, CancellationToken cancellationToken)
    {
        var key = BackupLayout.ManifestKey(backupId);
        try
        {
            using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
            return BackupManifestJson.Deserialize(content.ToArray(), $"s3://{bucket}/{key}");
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
