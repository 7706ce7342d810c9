using Amazon.Runtime;
using Amazon.S3;

namespace CoderBootstrap.Activities.State;

/// <summary>
/// Builds an S3 client that works with Scaleway Object Storage: path-style addressing, SigV4 with
/// the Scaleway region, and checksums only when required (Scaleway rejects the aws-chunked
/// trailers the SDK sends by default).
/// </summary>
public static class ObjectStorageClientFactory
{
    public static IAmazonS3 Create(ObjectStorageOptions options)
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
            MaxErrorRetry = 3,
        };
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
