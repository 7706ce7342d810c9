using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.State;

/// <summary>
/// Uploads an environment's kubeconfig privately to its state bucket
/// (<c>kubeconfig/config-coder-&lt;env&gt;.yaml</c>) and hands out presigned GET URLs that expire.
/// </summary>
public sealed class KubeconfigPublisher
{
    /// <summary>SigV4 presigned URLs are valid at most seven days.</summary>
    public static readonly TimeSpan MaxUrlLifetime = TimeSpan.FromDays(7);

    private readonly IAmazonS3 _s3;
    private readonly S3StateStore _store;
    private readonly PrivateObjectStore _objects;
    private readonly bool _useHttp;
    private readonly TimeProvider _time;

    public KubeconfigPublisher(IAmazonS3 s3, S3StateStore store, ObjectStorageOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _s3 = s3;
        _store = store;
        _objects = new PrivateObjectStore(s3, store);
        _useHttp = options.ServiceUrl.Scheme == Uri.UriSchemeHttp;
        _time = timeProvider ?? TimeProvider.System;
    }

    public static string ObjectKey(string environment) => $"kubeconfig/config-coder-{environment}.yaml";

    /// <summary>Uploads (or replaces) the kubeconfig and returns a presigned URL valid for <paramref name="urlLifetime"/>.</summary>
    public async Task<PublishedKubeconfig> PublishAsync(string environment, string kubeconfigYaml, TimeSpan urlLifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kubeconfigYaml);
        CheckLifetime(urlLifetime);
        await _objects.PutAsync(environment, ObjectKey(environment), Encoding.UTF8.GetBytes(kubeconfigYaml), "application/yaml", cancellationToken).ConfigureAwait(false);
        return await PresignAsync(environment, urlLifetime).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches the cluster's kubeconfig and publishes it in one step, so the credential never
    /// leaves this call (an activity returns only the <see cref="PublishedKubeconfig"/>).
    /// </summary>
    public async Task<PublishedKubeconfig> PublishFromClusterAsync(ScalewayKapsuleApi kapsule, string environment, string clusterId, TimeSpan urlLifetime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kapsule);
        var kubeconfig = await kapsule.GetKubeconfigAsync(clusterId, redacted: false, cancellationToken).ConfigureAwait(false);
        return await PublishAsync(environment, kubeconfig, urlLifetime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new presigned GET URL for the published kubeconfig.</summary>
    public async Task<PublishedKubeconfig> PresignAsync(string environment, TimeSpan urlLifetime)
    {
        CheckLifetime(urlLifetime);
        var bucket = _store.BucketName(environment);
        var expiresAt = _time.GetUtcNow() + urlLifetime;
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = ObjectKey(environment),
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            Protocol = _useHttp ? Protocol.HTTP : Protocol.HTTPS,
        }).ConfigureAwait(false);
        return new PublishedKubeconfig(bucket, ObjectKey(environment), new Uri(url), expiresAt);
    }

    /// <summary>The published kubeconfig, or null when none was published (used to write ~/.kube/config-coder-&lt;env&gt;).</summary>
    public async Task<string?> DownloadAsync(string environment, CancellationToken cancellationToken = default)
    {
        var content = await _objects.GetAsync(environment, ObjectKey(environment), cancellationToken).ConfigureAwait(false);
        return content is null ? null : Encoding.UTF8.GetString(content);
    }

    /// <summary>
    /// Removes the published kubeconfig: links presigned for it answer 404 from then on. False when
    /// it was not there (or its bucket is gone).
    /// </summary>
    public async Task<bool> RemoveAsync(string environment, CancellationToken cancellationToken = default)
    {
        var bucket = _store.BucketName(environment);
        try
        {
            await _s3.GetObjectMetadataAsync(bucket, ObjectKey(environment), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
        await _s3.DeleteObjectAsync(bucket, ObjectKey(environment), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static void CheckLifetime(TimeSpan urlLifetime)
    {
        if (urlLifetime <= TimeSpan.Zero || urlLifetime > MaxUrlLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(urlLifetime), urlLifetime, "a presigned URL lives more than zero and at most seven days");
        }
    }
}
