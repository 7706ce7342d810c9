using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>
/// A bucket sub-resource the sandbox stores and returns as given (tagging, lifecycle, policy, cors,
/// encryption): enough for clients that configure buckets, without enforcing the configuration.
/// </summary>
internal sealed record S3BucketConfiguration(string Subresource, string ContentType, string MissingCode, string MissingMessage)
{
    private static readonly S3BucketConfiguration[] Known =
    [
        new("tagging", "application/xml", "NoSuchTagSet", "The TagSet does not exist"),
        new("lifecycle", "application/xml", "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"),
        new("policy", "application/json", "NoSuchBucketPolicy", "The bucket policy does not exist"),
        new("cors", "application/xml", "NoSuchCORSConfiguration", "The CORS configuration does not exist"),
        new("encryption", "application/xml", "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found"),
    ];

    public static S3BucketConfiguration? Find(IQueryCollection query) => Known.FirstOrDefault(c => query.ContainsKey(c.Subresource));

    /// <summary>Checks the document is well-formed (JSON for policies, XML otherwise) and returns it as text.</summary>
    public string Validate(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        if (ContentType == "application/json")
        {
            try
            {
                using var _ = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                throw new S3Exception(400, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
            }
        }
        else
        {
            S3Xml.ParseBody(body);
        }

        return text;
    }
}
