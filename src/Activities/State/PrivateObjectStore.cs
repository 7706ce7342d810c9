using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace CoderBootstrap.Activities.State;

/// <summary>
/// Objects only the bucket owner may read, in an environment's state bucket: the kubeconfig and
/// the database credentials. The one place such an object is written or read.
/// </summary>
public sealed class PrivateObjectStore
{
    private readonly IAmazonS3 _s3;
    private readonly S3StateStore _state;

    public PrivateObjectStore(IAmazonS3 s3, S3StateStore state)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(state);
        _s3 = s3;
        _state = state;
    }

    public string BucketName(string environment) => _state.BucketName(environment);

    /// <summary>Writes (or replaces) the object, creating the bucket when needed; returns the bucket name.</summary>
    public async Task<string> PutAsync(string environment, string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var bucket = await _state.EnsureBucketAsync(environment, cancellationToken).ConfigureAwait(false);
        using var stream = new MemoryStream(content, writable: false);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = stream,
            ContentType = contentType,
            CannedACL = S3CannedACL.Private,
            UseChunkEncoding = false,
        }, cancellationToken).ConfigureAwait(false);
        return bucket;
    }

    /// <summary>The object's bytes, or null when it (or its bucket) does not exist.</summary>
    public async Task<byte[]?> GetAsync(string environment, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(_state.BucketName(environment), key, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
