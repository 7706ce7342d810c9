using System.Text;
using System.Xml.Linq;
using static CoderBootstrap.Sandbox.S3.S3Http;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>S3 buckets: list, create, head, delete, versioning, location, configuration documents and ACLs.</summary>
internal sealed class S3BucketsApi(S3Storage storage)
{
    public async Task ListAsync(S3Request request)
    {
        var buckets = storage.ListBuckets();
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("ListAllMyBucketsResult",
            S3Xml.Owner(),
            S3Xml.Element("Buckets", buckets.Select(b => S3Xml.Element("Bucket",
                S3Xml.Element("Name", b.Name),
                S3Xml.Element("CreationDate", S3Xml.Timestamp(b.CreatedAt)))))));
    }

    public Task CreateAsync(S3Request request)
    {
        var bucket = request.Bucket!;
        if (!S3BucketNameRules.IsValid(bucket))
        {
            throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid.") { BucketName = bucket };
        }

        storage.CreateBucket(bucket);
        request.Response.Headers.Location = "/" + bucket;
        return Status(request, 200);
    }

    public Task HeadAsync(S3Request request)
    {
        storage.EnsureBucketExists(request.Bucket!);
        return Status(request, 200);
    }

    public Task DeleteAsync(S3Request request)
    {
        storage.DeleteBucket(request.Bucket!);
        return Status(request, 204);
    }

    public Task PutVersioningAsync(S3Request request, byte[] body)
    {
        var status = S3Xml.ChildValue(S3Xml.ParseBody(body), "Status");
        if (status is not ("Enabled" or "Suspended"))
        {
            throw S3Exception.MalformedXml();
        }

        storage.SetVersioning(request.Bucket!, status);
        return Status(request, 200);
    }

    public async Task GetVersioningAsync(S3Request request)
    {
        var status = storage.GetVersioning(request.Bucket!);
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("VersioningConfiguration", S3Xml.OptionalElement("Status", status)));
    }

    public async Task GetLocationAsync(S3Request request)
    {
        storage.EnsureBucketExists(request.Bucket!);
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("LocationConstraint", "fr-par"));
    }

    public Task PutConfigurationAsync(S3Request request, S3BucketConfiguration configuration, byte[] body)
    {
        storage.SetConfiguration(request.Bucket!, configuration.Subresource, configuration.Validate(body));
        return Status(request, configuration.Subresource == "policy" ? 204 : 200);
    }

    public async Task GetConfigurationAsync(S3Request request, S3BucketConfiguration configuration)
    {
        var document = storage.GetConfiguration(request.Bucket!, configuration.Subresource)
            ?? throw new S3Exception(404, configuration.MissingCode, configuration.MissingMessage) { BucketName = request.Bucket };
        var bytes = Encoding.UTF8.GetBytes(document);
        request.Response.StatusCode = 200;
        request.Response.ContentType = configuration.ContentType;
        request.Response.ContentLength = bytes.Length;
        await request.Response.Body.WriteAsync(bytes, request.Context.RequestAborted);
    }

    public Task DeleteConfigurationAsync(S3Request request, S3BucketConfiguration configuration)
    {
        storage.SetConfiguration(request.Bucket!, configuration.Subresource, null);
        return Status(request, 204);
    }

    /// <summary>The single owner's full control, for a bucket or an object (<paramref name="ensureExists"/> throws the 404).</summary>
    public static async Task GetAclAsync(S3Request request, Action ensureExists)
    {
        ensureExists();
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("AccessControlPolicy",
            S3Xml.Owner(),
            S3Xml.Element("AccessControlList",
                S3Xml.Element("Grant",
                    new XElement(S3Xml.Namespace + "Grantee",
                        new XAttribute(XNamespace.Xmlns + "xsi", S3Xml.SchemaInstance),
                        new XAttribute(S3Xml.SchemaInstance + "type", "CanonicalUser"),
                        S3Xml.Element("ID", "sandbox"),
                        S3Xml.Element("DisplayName", "sandbox")),
                    S3Xml.Element("Permission", "FULL_CONTROL")))));
    }

    /// <summary>ACLs are accepted and ignored: the sandbox has a single owner.</summary>
    public static Task PutAclAsync(S3Request request, Action ensureExists)
    {
        ensureExists();
        return Status(request, 200);
    }
}
