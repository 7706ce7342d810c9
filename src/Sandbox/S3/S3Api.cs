using System.Globalization;
using System.Security.Cryptography;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>Routes path-style S3 requests to the bucket, listing, object and multipart resources; signatures are checked after faults.</summary>
internal sealed class S3Api(ISandboxRuntime runtime, S3Storage storage, S3RequestAuthenticator authenticator, ILogger logger)
    : SandboxApi<S3Request>(runtime, logger)
{
    private static readonly string[] UnsupportedBucketSubresources =
    [
        "website", "logging", "notification", "replication", "accelerate", "requestPayment", "object-lock",
        "ownershipControls", "publicAccessBlock", "inventory", "metrics", "analytics", "intelligent-tiering",
    ];

    private static readonly string[] UnsupportedObjectSubresources = ["retention", "legal-hold", "attributes", "restore", "select", "torrent"];

    private readonly S3BucketsApi _buckets = new(storage);
    private readonly S3ObjectListingApi _listing = new(storage);
    private readonly S3ObjectsApi _objects = new(storage);
    private readonly S3MultipartApi _multipart = new(storage);

    protected override S3Request Parse(HttpContext context) => S3Request.Parse(context);

    protected override SandboxEndpoint Route(S3Request request)
    {
        var operation = RouteOperation(request);
        S3SigningContext? signing = null;
        return new SandboxEndpoint(operation.Name, operation.Mutation, async () =>
        {
            RefuseTooLarge(operation.Name, request.Context.Request);
            var body = await ReadBodyAsync(request.Context.Request, signing!, request.Context.RequestAborted);
            await operation.Handler(request, body);
        })
        {
            Authenticate = () => signing = authenticator.Authenticate(request.Context.Request, request.RawPath, request.RawQuery),
        };
    }

    protected override Exception FaultError(SandboxFault fault) =>
        new S3Exception(fault.StatusCode, fault.ErrorType ?? DefaultErrorCode(fault.StatusCode), fault.Message);

    protected override async Task<bool> TryWriteErrorAsync(S3Request request, Exception error)
    {
        if (error is not S3Exception s3Error)
        {
            return false;
        }

        Logger.LogDebug("S3 {Method} {Path} -> {Status} {Code}", request.Context.Request.Method, request.RawPath, s3Error.StatusCode, s3Error.Code);
        await WriteErrorAsync(request, s3Error);
        return true;
    }

    protected override Task WriteUnexpectedErrorAsync(S3Request request, Exception error) =>
        WriteErrorAsync(request, new S3Exception(500, "InternalError", "We encountered an internal error. Please try again."));

    private S3Operation RouteOperation(S3Request request)
    {
        var method = request.Context.Request.Method;
        var query = request.Query;
        if (request.Bucket is null)
        {
            return method == HttpMethods.Get
                ? new S3Operation("s3.buckets.list", false, (r, _) => _buckets.ListAsync(r))
                : throw MethodNotAllowed();
        }

        return request.Key is null ? RouteBucket(request, method, query) : RouteObject(request, method, query);
    }

    private S3Operation RouteBucket(S3Request request, string method, IQueryCollection query)
    {
        if (S3BucketConfiguration.Find(query) is { } configuration)
        {
            return method switch
            {
                _ when method == HttpMethods.Put => new($"s3.buckets.{configuration.Subresource}.put", true, (r, body) => _buckets.PutConfigurationAsync(r, configuration, body)),
                _ when method == HttpMethods.Get => new($"s3.buckets.{configuration.Subresource}.get", false, (r, _) => _buckets.GetConfigurationAsync(r, configuration)),
                _ when method == HttpMethods.Delete => new($"s3.buckets.{configuration.Subresource}.delete", true, (r, _) => _buckets.DeleteConfigurationAsync(r, configuration)),
                _ => throw MethodNotAllowed(),
            };
        }

        if (query.ContainsKey("acl"))
        {
            return method switch
            {
                _ when method == HttpMethods.Get => new("s3.buckets.acl.get", false, (r, _) => S3BucketsApi.GetAclAsync(r, () => storage.EnsureBucketExists(r.Bucket!))),
                _ when method == HttpMethods.Put => new("s3.buckets.acl.put", true, (r, _) => S3BucketsApi.PutAclAsync(r, () => storage.EnsureBucketExists(r.Bucket!))),
                _ => throw MethodNotAllowed(),
            };
        }

        if (UnsupportedBucketSubresources.FirstOrDefault(query.ContainsKey) is { } unsupported)
        {
            throw NotImplemented($"The bucket sub-resource \"{unsupported}\"");
        }

        return method switch
        {
            _ when method == HttpMethods.Put && query.ContainsKey("versioning") => new("s3.buckets.versioning.put", true, _buckets.PutVersioningAsync),
            _ when method == HttpMethods.Put => new("s3.buckets.create", true, (r, _) => _buckets.CreateAsync(r)),
            _ when method == HttpMethods.Head => new("s3.buckets.head", false, (r, _) => _buckets.HeadAsync(r)),
            _ when method == HttpMethods.Delete => new("s3.buckets.delete", true, (r, _) => _buckets.DeleteAsync(r)),
            _ when method == HttpMethods.Get && query.ContainsKey("versioning") => new("s3.buckets.versioning.get", false, (r, _) => _buckets.GetVersioningAsync(r)),
            _ when method == HttpMethods.Get && query.ContainsKey("location") => new("s3.buckets.location.get", false, (r, _) => _buckets.GetLocationAsync(r)),
            _ when method == HttpMethods.Get && query.ContainsKey("versions") => new("s3.objects.versions.list", false, (r, _) => _listing.ListVersionsAsync(r)),
            _ when method == HttpMethods.Get && query.ContainsKey("uploads") => new("s3.multipart.list", false, (r, _) => _multipart.ListUploadsAsync(r)),
            _ when method == HttpMethods.Get => new("s3.objects.list", false, (r, _) => _listing.ListObjectsAsync(r)),
            _ when method == HttpMethods.Post && query.ContainsKey("delete") => new("s3.objects.delete-batch", true, _objects.DeleteBatchAsync),
            _ => throw MethodNotAllowed(),
        };
    }

    private S3Operation RouteObject(S3Request request, string method, IQueryCollection query)
    {
        if (query.ContainsKey("tagging"))
        {
            return method switch
            {
                _ when method == HttpMethods.Put => new("s3.objects.tagging.put", true, _objects.PutTaggingAsync),
                _ when method == HttpMethods.Get => new("s3.objects.tagging.get", false, (r, _) => _objects.GetTaggingAsync(r)),
                _ when method == HttpMethods.Delete => new("s3.objects.tagging.delete", true, (r, _) => _objects.DeleteTaggingAsync(r)),
                _ => throw MethodNotAllowed(),
            };
        }

        if (query.ContainsKey("acl"))
        {
            return method switch
            {
                _ when method == HttpMethods.Get => new("s3.objects.acl.get", false, (r, _) => S3BucketsApi.GetAclAsync(r, () => storage.GetVersion(r.Bucket!, r.Key!, r.VersionId))),
                _ when method == HttpMethods.Put => new("s3.objects.acl.put", true, (r, _) => S3BucketsApi.PutAclAsync(r, () => storage.GetVersion(r.Bucket!, r.Key!, r.VersionId))),
                _ => throw MethodNotAllowed(),
            };
        }

        if (UnsupportedObjectSubresources.FirstOrDefault(query.ContainsKey) is { } unsupported)
        {
            throw NotImplemented($"The object sub-resource \"{unsupported}\"");
        }

        return method switch
        {
            _ when method == HttpMethods.Put && query.ContainsKey("uploadId") => new("s3.multipart.upload-part", true, _multipart.UploadPartAsync),
            _ when method == HttpMethods.Put && request.Context.Request.Headers.ContainsKey("x-amz-copy-source") => new("s3.objects.copy", true, (r, _) => _objects.CopyAsync(r)),
            _ when method == HttpMethods.Put => new("s3.objects.put", true, _objects.PutAsync),
            _ when method == HttpMethods.Get && query.ContainsKey("uploadId") => new("s3.multipart.parts.list", false, (r, _) => _multipart.ListPartsAsync(r)),
            _ when method == HttpMethods.Get => new("s3.objects.get", false, (r, _) => _objects.GetAsync(r, includeBody: true)),
            _ when method == HttpMethods.Head => new("s3.objects.head", false, (r, _) => _objects.GetAsync(r, includeBody: false)),
            _ when method == HttpMethods.Delete && query.ContainsKey("uploadId") => new("s3.multipart.abort", true, (r, _) => _multipart.AbortAsync(r)),
            _ when method == HttpMethods.Delete => new("s3.objects.delete", true, (r, _) => _objects.DeleteAsync(r)),
            _ when method == HttpMethods.Post && query.ContainsKey("uploads") => new("s3.multipart.create", true, (r, _) => _multipart.CreateAsync(r)),
            _ when method == HttpMethods.Post && query.ContainsKey("uploadId") => new("s3.multipart.complete", true, _multipart.CompleteAsync),
            _ => throw MethodNotAllowed(),
        };
    }

    /// <summary>Like S3, a part or a single PUT over 5 GiB is refused from its declared length, before any byte is read.</summary>
    private static void RefuseTooLarge(string operation, HttpRequest request)
    {
        const long maximum = 5L * 1024 * 1024 * 1024;
        if (operation is not ("s3.multipart.upload-part" or "s3.objects.put"))
        {
            return;
        }
        var declared = long.TryParse(request.Headers["x-amz-decoded-content-length"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var decoded)
            ? decoded
            : request.ContentLength ?? 0;
        if (declared > maximum)
        {
            throw new S3Exception(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, S3SigningContext signing, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var contentSha256 = signing.ContentSha256;
        if (AwsChunkedDecoder.IsStreamingPayload(contentSha256))
        {
            long? decodedLength = long.TryParse(request.Headers["x-amz-decoded-content-length"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            body = AwsChunkedDecoder.Decode(body, signing, decodedLength);
        }
        else if (contentSha256 is { Length: 64 } && !string.Equals(contentSha256, S3RequestAuthenticator.Hex(SHA256.HashData(body)), StringComparison.OrdinalIgnoreCase))
        {
            throw new S3Exception(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        var contentMd5 = request.Headers["Content-MD5"].ToString();
        if (contentMd5.Length > 0 && contentMd5 != Convert.ToBase64String(MD5.HashData(body)))
        {
            throw new S3Exception(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
        }

        return body;
    }

    private static async Task WriteErrorAsync(S3Request request, S3Exception error)
    {
        var context = request.Context;
        context.Response.Clear();
        context.Response.Headers["x-amz-request-id"] = request.RequestId;
        context.Response.StatusCode = error.StatusCode;
        foreach (var (name, value) in error.ExtraHeaders)
        {
            context.Response.Headers[name] = value;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        context.Response.ContentType = "application/xml";
        await S3Http.WriteDocumentAsync(context, S3Xml.Error(error, request.Resource, request.RequestId));
    }

    private static string DefaultErrorCode(int statusCode) => statusCode switch
    {
        503 => "ServiceUnavailable",
        500 => "InternalError",
        429 => "SlowDown",
        403 => "AccessDenied",
        404 => "NotFound",
        _ => "InvalidRequest",
    };

    private static S3Exception MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");

    private static S3Exception NotImplemented(string operation) =>
        new(501, "NotImplemented", $"{operation} is not implemented by the sandbox.");

    private sealed record S3Operation(string Name, bool Mutation, Func<S3Request, byte[], Task> Handler);
}
