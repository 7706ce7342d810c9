using Amazon.Runtime;
using Amazon.S3;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.State;

/// <summary>
/// Builds an S3 client that works with Scaleway Object Storage: path-style addressing, SigV4 with
/// the Scaleway region, and checksums only when required (Scaleway rejects the aws-chunked
/// trailers the SDK sends by default). 429 and 503 answers (SlowDown) are retried in the call by
/// <see cref="TransientHttpRetryHandler"/>, which honours Retry-After; the SDK's own retries are
/// off so the two never multiply (longer outages are the activity retry policies' business).
/// </summary>
public static class ObjectStorageClientFactory
{
    /// <summary>A client whose in-call retries log to Serilog's static logger (tools and tests that hold no logger of their own).</summary>
    public static IAmazonS3 Create(ObjectStorageOptions options) => Create(options, logger: null);

    /// <param name="logger">Where the in-call retries are logged; null: Serilog's static logger.</param>
    public static IAmazonS3 Create(ObjectStorageOptions options, Serilog.ILogger? logger, TransientRetrySettings? retry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl.ToString(),
            AuthenticationRegion = options.Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            UseHttp = options.ServiceUrl.Scheme == Uri.UriSchemeHttp,
            Timeout = TimeSpan.FromSeconds(60),
            MaxErrorRetry = 0,
            HttpClientFactory = new RetryingHttpClientFactory(logger, retry),
        };
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    /// <summary>One HttpClient per S3 client (the SDK caches it), sending through the retry handler.</summary>
    private sealed class RetryingHttpClientFactory : HttpClientFactory
    {
        private readonly Serilog.ILogger? _logger;
        private readonly TransientRetrySettings? _retry;

        public RetryingHttpClientFactory(Serilog.ILogger? logger, TransientRetrySettings? retry)
        {
            _logger = logger;
            _retry = retry;
        }

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(TransientHttpRetryHandler.OverSockets("S3", _logger, _retry))
            {
                Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100),
            };
    }
}
