using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Writes the small parts of a backup (Kubernetes objects, spec, state documents) and, last, its
/// manifest; deletes a whole backup (manifest first, so a half-deleted backup reads as incomplete).
/// </summary>
public sealed class BackupObjectWriter
{
    private readonly IAmazonS3 _s3;

    public BackupObjectWriter(IAmazonS3 s3)
    {
        _s3 = s3;
    }

    /// <summary>Creates the bucket when missing (private, versioned); an existing one of ours is success.</summary>
    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, CannedACL = S3CannedACL.Private }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode == "BucketAlreadyOwnedByYou")
        {
        }

        await _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BackupPart> WritePartAsync(string bucket, string backupId, string name, string fileName, string contentType, byte[] content, CancellationToken cancellationToken)
    {
        var key = BackupLayout.PartKey(backupId, fileName);
        using var body = new MemoryStream(content, writable: false);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = contentType }, cancellationToken).ConfigureAwait(false);
        return new BackupPart(name, key, content.LongLength, Convert.ToHexStringLower(SHA256.HashData(content)), contentType);
    }

    /// <summary>Writes the manifest: from then on the backup is complete.</summary>
    public async Task WriteManifestAsync(string bucket, BackupManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var body = new MemoryStream(BackupManifestJson.Serialize(manifest), writable: false);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = BackupLayout.ManifestKey(manifest.BackupId),
            InputStream = body,
            ContentType = "application/json",
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every version of every object of a backup, the manifest first; a backup already gone is success.</summary>
    public async Task DeleteBackupAsync(string bucket, string backupId, CancellationToken cancellationToken)
    {
        var manifestKey = BackupLayout.ManifestKey(backupId);
        var versions = await ListVersionsAsync(bucket, BackupLayout.Prefix(backupId), cancellationToken).ConfigureAwait(false);
        foreach (var batch in new[] { versions.Where(v => v.Key == manifestKey), versions.Where(v => v.Key != manifestKey) })
        {
            foreach (var chunk in batch.Chunk(1000))
            {
                await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = bucket,
                    Objects = [.. chunk.Select(v => new KeyVersion { Key = v.Key, VersionId = v.VersionId })],
                    Quiet = true,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<List<S3ObjectVersion>> ListVersionsAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var versions = new List<S3ObjectVersion>();
        var request = new ListVersionsRequest { BucketName = bucket, Prefix = prefix };
        while (true)
        {
            ListVersionsResponse page;
            try
            {
                page = await _s3.ListVersionsAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                return versions;
            }

            versions.AddRange(page.Versions ?? []);
            if (page.IsTruncated != true)
            {
                return versions;
            }

            request.KeyMarker = page.NextKeyMarker;
            request.VersionIdMarker = page.NextVersionIdMarker;
        }
    }
}
