using Amazon.Runtime;
using Amazon.S3;

namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>AWSSDK.S3 clients configured as the product configures them for Scaleway Object Storage.</summary>
public static class S3TestClients
{
    public static AmazonS3Client Create(string serviceUrl, string accessKey, string secretKey, int maxErrorRetry = 2)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = serviceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "fr-par",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = maxErrorRetry,
            Timeout = TimeSpan.FromSeconds(60),
        };
        return new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config);
    }

    public static string NewBucketName() => "t-" + Guid.NewGuid().ToString("N")[..16];
}
