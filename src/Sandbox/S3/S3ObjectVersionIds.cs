using System.Security.Cryptography;

namespace CoderBootstrap.Sandbox.S3;

internal static class S3ObjectVersionIds
{
    public const string Null = "null";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

    public static string NewVersionId() => RandomNumberGenerator.GetString(Alphabet, 32);

    public static string NewUploadId() => RandomNumberGenerator.GetString(Alphabet, 48);

    public static string NewBlobId() => Guid.NewGuid().ToString("N");
}
