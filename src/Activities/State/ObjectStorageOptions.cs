using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.State;

/// <summary>S3-compatible endpoint and keys (Scaleway Object Storage, the sandbox, or s3rver in tests); the secret key is never printed nor serialized.</summary>
public sealed record ObjectStorageOptions(Uri ServiceUrl, string Region, string AccessKey, [property: System.Text.Json.Serialization.JsonIgnore] string SecretKey)
{
    public static ObjectStorageOptions FromCredentials(ScalewayCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new ObjectStorageOptions(credentials.ObjectStorageUrl, credentials.Region, credentials.AccessKey, credentials.SecretKey);
    }

    public override string ToString() => $"ObjectStorageOptions {{ ServiceUrl = {ServiceUrl}, Region = {Region}, AccessKey = {AccessKey}, SecretKey = (hidden) }}";
}
