using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace CoderBootstrap.Activities.Backup;

/// <summary>The check of one part: null <see cref="Problem"/> when its bytes match the manifest.</summary>
public sealed record PartCheck(string Name, string Key, string? Problem)
{
    public bool Matches => Problem is null;
}

/// <summary>Recomputes the size and SHA-256 of every part of a backup from the stored bytes.</summary>
public sealed class BackupVerifier
{
    private readonly IAmazonS3 _s3;

    public BackupVerifier(IAmazonS3 s3)
    {
        _s3 = s3;
    }

    public async Task<IReadOnlyList<PartCheck>> VerifyAsync(string bucket, BackupManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var checks = new List<PartCheck>(manifest.Parts.Count);
        foreach (var part in manifest.Parts)
        {
            checks.Add(new PartCheck(part.Name, part.Key, await CheckAsync(bucket, part, cancellationToken).ConfigureAwait(false)));
        }

        return checks;
    }

    private async Task<string?> CheckAsync(string bucket, BackupPart part, CancellationToken cancellationToken)
    {
        GetObjectResponse response;
        try
        {
            response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = part.Key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return "the object is missing";
        }

        using (response)
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1024 * 1024];
            long size = 0;
            int read;
            while ((read = await response.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                size += read;
            }

            try
            {
                part.Expected.Check(part.Key, size, Convert.ToHexStringLower(sha256.GetHashAndReset()));
                return null;
            }
            catch (BackupIntegrityException mismatch)
            {
                return mismatch.Message;
            }
        }
    }
}
