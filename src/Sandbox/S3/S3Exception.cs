namespace CoderBootstrap.Sandbox.S3;

/// <summary>An S3 error answered as the XML <c>Error</c> document (code, message, optional resource details).</summary>
internal sealed class S3Exception(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public string? BucketName { get; init; }

    public string? Key { get; init; }

    public IReadOnlyDictionary<string, string> ExtraHeaders { get; init; } = new Dictionary<string, string>();

    public static S3Exception NoSuchBucket(string bucket) =>
        new(404, "NoSuchBucket", "The specified bucket does not exist") { BucketName = bucket };

    public static S3Exception NoSuchKey(string bucket, string key) =>
        new(404, "NoSuchKey", "The specified key does not exist.") { BucketName = bucket, Key = key };

    public static S3Exception NoSuchVersion(string bucket, string key) =>
        new(404, "NoSuchVersion", "The specified version does not exist.") { BucketName = bucket, Key = key };

    public static S3Exception NoSuchUpload(string bucket, string key) =>
        new(404, "NoSuchUpload", "The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.")
        { BucketName = bucket, Key = key };

    public static S3Exception MalformedXml() =>
        new(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.");

    public static S3Exception InvalidArgument(string message) => new(400, "InvalidArgument", message);
}
