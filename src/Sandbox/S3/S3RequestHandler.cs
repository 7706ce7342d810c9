using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CoderBootstrap.Sandbox.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>Routes path-style S3 requests to their operation, after faults and authentication, and renders S3 errors.</summary>
internal sealed class S3RequestHandler(ISandboxRuntime runtime, S3Storage storage, S3RequestAuthenticator authenticator, ILogger logger)
{
    private const int DefaultMaxKeys = 1000;

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        context.Response.Headers["x-amz-request-id"] = requestId;
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        var request = S3Request.Parse(context, rawPath);
        try
        {
            var operation = Route(request);
            var fault = await runtime.EnterAsync(operation.Name, operation.Mutation, context.RequestAborted);
            if (fault is not null)
            {
                throw new S3Exception(fault.StatusCode, fault.ErrorType ?? DefaultErrorCode(fault.StatusCode), fault.Message);
            }

            var signing = authenticator.Authenticate(context.Request, rawPath, rawQuery);
            var body = await ReadBodyAsync(context.Request, signing, context.RequestAborted);
            await operation.Handler(request, body);
        }
        catch (S3Exception error)
        {
            logger.LogDebug("S3 {Method} {Path} -> {Status} {Code}", context.Request.Method, rawPath, error.StatusCode, error.Code);
            await WriteErrorAsync(context, error, request.Resource, requestId);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception unexpected)
        {
            logger.LogError(unexpected, "S3 {Method} {Path} failed unexpectedly", context.Request.Method, rawPath);
            await WriteErrorAsync(context, new S3Exception(500, "InternalError", "We encountered an internal error. Please try again."), request.Resource, requestId);
        }
    }

    private S3Operation Route(S3Request request)
    {
        var method = request.Context.Request.Method;
        var query = request.Context.Request.Query;
        if (request.Bucket is null)
        {
            return method == HttpMethods.Get
                ? new S3Operation("s3.buckets.list", false, (r, _) => ListBucketsAsync(r))
                : throw MethodNotAllowed();
        }

        if (request.Key is null)
        {
            if (S3BucketConfiguration.Find(query) is { } configuration)
            {
                return method switch
                {
                    _ when method == HttpMethods.Put => new($"s3.buckets.{configuration.Subresource}.put", true, (r, body) => PutConfigurationAsync(r, configuration, body)),
                    _ when method == HttpMethods.Get => new($"s3.buckets.{configuration.Subresource}.get", false, (r, _) => GetConfigurationAsync(r, configuration)),
                    _ when method == HttpMethods.Delete => new($"s3.buckets.{configuration.Subresource}.delete", true, (r, _) => DeleteConfigurationAsync(r, configuration)),
                    _ => throw MethodNotAllowed(),
                };
            }

            if (query.ContainsKey("acl"))
            {
                return method switch
                {
                    _ when method == HttpMethods.Get => new("s3.buckets.acl.get", false, (r, _) => GetAclAsync(r, () => storage.EnsureBucketExists(r.Bucket!))),
                    _ when method == HttpMethods.Put => new("s3.buckets.acl.put", true, (r, _) => PutAclAsync(r, () => storage.EnsureBucketExists(r.Bucket!))),
                    _ => throw MethodNotAllowed(),
                };
            }

            if (UnsupportedBucketSubresources.FirstOrDefault(query.ContainsKey) is { } unsupportedBucketSubresource)
            {
                throw NotImplemented($"The bucket sub-resource \"{unsupportedBucketSubresource}\"");
            }

            return method switch
            {
                _ when method == HttpMethods.Put && query.ContainsKey("versioning") => new("s3.buckets.versioning.put", true, PutVersioningAsync),
                _ when method == HttpMethods.Put => new("s3.buckets.create", true, (r, _) => CreateBucketAsync(r)),
                _ when method == HttpMethods.Head => new("s3.buckets.head", false, (r, _) => HeadBucketAsync(r)),
                _ when method == HttpMethods.Delete => new("s3.buckets.delete", true, (r, _) => DeleteBucketAsync(r)),
                _ when method == HttpMethods.Get && query.ContainsKey("versioning") => new("s3.buckets.versioning.get", false, (r, _) => GetVersioningAsync(r)),
                _ when method == HttpMethods.Get && query.ContainsKey("location") => new("s3.buckets.location.get", false, (r, _) => GetLocationAsync(r)),
                _ when method == HttpMethods.Get && query.ContainsKey("versions") => new("s3.objects.versions.list", false, (r, _) => ListVersionsAsync(r)),
                _ when method == HttpMethods.Get && query.ContainsKey("uploads") => new("s3.multipart.list", false, (r, _) => ListMultipartUploadsAsync(r)),
                _ when method == HttpMethods.Get => new("s3.objects.list", false, (r, _) => ListObjectsAsync(r)),
                _ when method == HttpMethods.Post && query.ContainsKey("delete") => new("s3.objects.delete-batch", true, DeleteObjectsAsync),
                _ => throw MethodNotAllowed(),
            };
        }

        if (query.ContainsKey("tagging"))
        {
            return method switch
            {
                _ when method == HttpMethods.Put => new("s3.objects.tagging.put", true, PutObjectTaggingAsync),
                _ when method == HttpMethods.Get => new("s3.objects.tagging.get", false, (r, _) => GetObjectTaggingAsync(r)),
                _ when method == HttpMethods.Delete => new("s3.objects.tagging.delete", true, (r, _) => DeleteObjectTaggingAsync(r)),
                _ => throw MethodNotAllowed(),
            };
        }

        if (query.ContainsKey("acl"))
        {
            return method switch
            {
                _ when method == HttpMethods.Get => new("s3.objects.acl.get", false, (r, _) => GetAclAsync(r, () => storage.GetVersion(r.Bucket!, r.Key!, VersionIdOf(r)))),
                _ when method == HttpMethods.Put => new("s3.objects.acl.put", true, (r, _) => PutAclAsync(r, () => storage.GetVersion(r.Bucket!, r.Key!, VersionIdOf(r)))),
                _ => throw MethodNotAllowed(),
            };
        }

        if (UnsupportedObjectSubresources.FirstOrDefault(query.ContainsKey) is { } unsupportedObjectSubresource)
        {
            throw NotImplemented($"The object sub-resource \"{unsupportedObjectSubresource}\"");
        }

        return method switch
        {
            _ when method == HttpMethods.Put && query.ContainsKey("uploadId") => new("s3.multipart.upload-part", true, UploadPartAsync),
            _ when method == HttpMethods.Put && request.Context.Request.Headers.ContainsKey("x-amz-copy-source") => new("s3.objects.copy", true, (r, _) => CopyObjectAsync(r)),
            _ when method == HttpMethods.Put => new("s3.objects.put", true, PutObjectAsync),
            _ when method == HttpMethods.Get && query.ContainsKey("uploadId") => new("s3.multipart.parts.list", false, (r, _) => ListPartsAsync(r)),
            _ when method == HttpMethods.Get => new("s3.objects.get", false, (r, _) => GetObjectAsync(r, includeBody: true)),
            _ when method == HttpMethods.Head => new("s3.objects.head", false, (r, _) => GetObjectAsync(r, includeBody: false)),
            _ when method == HttpMethods.Delete && query.ContainsKey("uploadId") => new("s3.multipart.abort", true, (r, _) => AbortMultipartAsync(r)),
            _ when method == HttpMethods.Delete => new("s3.objects.delete", true, (r, _) => DeleteObjectAsync(r)),
            _ when method == HttpMethods.Post && query.ContainsKey("uploads") => new("s3.multipart.create", true, (r, _) => CreateMultipartAsync(r)),
            _ when method == HttpMethods.Post && query.ContainsKey("uploadId") => new("s3.multipart.complete", true, CompleteMultipartAsync),
            _ => throw MethodNotAllowed(),
        };
    }

    private async Task ListBucketsAsync(S3Request request)
    {
        var buckets = storage.ListBuckets();
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("ListAllMyBucketsResult",
            S3Xml.Owner(),
            S3Xml.Element("Buckets", buckets.Select(b => S3Xml.Element("Bucket",
                S3Xml.Element("Name", b.Name),
                S3Xml.Element("CreationDate", S3Xml.Timestamp(b.CreatedAt)))))));
    }

    private Task CreateBucketAsync(S3Request request)
    {
        var bucket = request.Bucket!;
        if (!S3BucketNameRules.IsValid(bucket))
        {
            throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid.") { BucketName = bucket };
        }

        storage.CreateBucket(bucket);
        request.Context.Response.Headers.Location = "/" + bucket;
        request.Context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private Task HeadBucketAsync(S3Request request)
    {
        storage.EnsureBucketExists(request.Bucket!);
        request.Context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private Task DeleteBucketAsync(S3Request request)
    {
        storage.DeleteBucket(request.Bucket!);
        request.Context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private Task PutVersioningAsync(S3Request request, byte[] body)
    {
        var status = S3Xml.ChildValue(S3Xml.ParseBody(body), "Status");
        if (status is not ("Enabled" or "Suspended"))
        {
            throw S3Exception.MalformedXml();
        }

        storage.SetVersioning(request.Bucket!, status);
        request.Context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private async Task GetVersioningAsync(S3Request request)
    {
        var status = storage.GetVersioning(request.Bucket!);
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("VersioningConfiguration", S3Xml.OptionalElement("Status", status)));
    }

    private Task PutConfigurationAsync(S3Request request, S3BucketConfiguration configuration, byte[] body)
    {
        storage.SetConfiguration(request.Bucket!, configuration.Subresource, configuration.Validate(body));
        request.Context.Response.StatusCode = configuration.Subresource == "policy" ? 204 : 200;
        return Task.CompletedTask;
    }

    private async Task GetConfigurationAsync(S3Request request, S3BucketConfiguration configuration)
    {
        var document = storage.GetConfiguration(request.Bucket!, configuration.Subresource)
            ?? throw new S3Exception(404, configuration.MissingCode, configuration.MissingMessage) { BucketName = request.Bucket };
        var bytes = Encoding.UTF8.GetBytes(document);
        request.Context.Response.StatusCode = 200;
        request.Context.Response.ContentType = configuration.ContentType;
        request.Context.Response.ContentLength = bytes.Length;
        await request.Context.Response.Body.WriteAsync(bytes, request.Context.RequestAborted);
    }

    private Task DeleteConfigurationAsync(S3Request request, S3BucketConfiguration configuration)
    {
        storage.SetConfiguration(request.Bucket!, configuration.Subresource, null);
        request.Context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static async Task GetAclAsync(S3Request request, Action ensureExists)
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
    private static Task PutAclAsync(S3Request request, Action ensureExists)
    {
        ensureExists();
        request.Context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private Task PutObjectTaggingAsync(S3Request request, byte[] body)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var tagSet = S3Xml.Children(S3Xml.ParseBody(body), "TagSet").FirstOrDefault() ?? throw S3Exception.MalformedXml();
        foreach (var tag in S3Xml.Children(tagSet, "Tag"))
        {
            var key = S3Xml.ChildValue(tag, "Key");
            if (string.IsNullOrEmpty(key) || !tags.TryAdd(key, S3Xml.ChildValue(tag, "Value") ?? ""))
            {
                throw new S3Exception(400, "InvalidTag", "The tag provided was not a valid tag.");
            }
        }

        ValidateTagCount(tags);
        var versionId = storage.SetObjectTags(request.Bucket!, request.Key!, VersionIdOf(request), tags);
        WriteVersionHeader(request.Context.Response, versionId);
        request.Context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private async Task GetObjectTaggingAsync(S3Request request)
    {
        var version = storage.GetVersion(request.Bucket!, request.Key!, VersionIdOf(request));
        WriteVersionHeader(request.Context.Response, version.VersionId);
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("Tagging",
            S3Xml.Element("TagSet", version.Headers.Tags.Select(t => S3Xml.Element("Tag", S3Xml.Element("Key", t.Key), S3Xml.Element("Value", t.Value))))));
    }

    private Task DeleteObjectTaggingAsync(S3Request request)
    {
        var versionId = storage.SetObjectTags(request.Bucket!, request.Key!, VersionIdOf(request), new Dictionary<string, string>(StringComparer.Ordinal));
        WriteVersionHeader(request.Context.Response, versionId);
        request.Context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static void ValidateTagCount(Dictionary<string, string> tags)
    {
        if (tags.Count > 10)
        {
            throw new S3Exception(400, "BadRequest", "Object tags cannot be greater than 10");
        }
    }

    private static string? VersionIdOf(S3Request request) =>
        request.Context.Request.Query.TryGetValue("versionId", out var versionId) ? versionId.ToString() : null;

    private async Task GetLocationAsync(S3Request request)
    {
        storage.EnsureBucketExists(request.Bucket!);
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("LocationConstraint", "fr-par"));
    }

    private async Task ListObjectsAsync(S3Request request)
    {
        var query = request.Context.Request.Query;
        var isVersion2 = query["list-type"] == "2";
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString();
        var maxKeys = ParseMaxKeys(query["max-keys"].ToString());
        var urlEncoded = query["encoding-type"] == "url";
        string Encode(string value) => urlEncoded ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;

        string? continuationToken = query.ContainsKey("continuation-token") ? query["continuation-token"].ToString() : null;
        var startAfter = isVersion2 ? query["start-after"].ToString() : query["marker"].ToString();
        var marker = startAfter;
        if (continuationToken is not null)
        {
            marker = DecodeContinuationToken(continuationToken);
        }

        var page = S3Listing.Page(storage.ListCurrentObjects(request.Bucket!, prefix), prefix, delimiter, marker, maxKeys);
        var contents = page.Objects.Select(o => S3Xml.Element("Contents",
            S3Xml.Element("Key", Encode(o.Key)),
            S3Xml.Element("LastModified", S3Xml.Timestamp(o.Current.LastModified)),
            S3Xml.Element("ETag", o.Current.ETag),
            S3Xml.Element("Size", o.Current.Size),
            S3Xml.Element("StorageClass", "STANDARD"),
            isVersion2 && query["fetch-owner"] != "true" ? null : S3Xml.Owner()));
        var commonPrefixes = page.CommonPrefixes.Select(p => S3Xml.Element("CommonPrefixes", S3Xml.Element("Prefix", Encode(p))));

        XElement result;
        if (isVersion2)
        {
            result = S3Xml.Element("ListBucketResult",
                S3Xml.Element("Name", request.Bucket),
                S3Xml.Element("Prefix", Encode(prefix)),
                delimiter.Length > 0 ? S3Xml.Element("Delimiter", Encode(delimiter)) : null,
                S3Xml.Element("MaxKeys", maxKeys),
                S3Xml.Element("KeyCount", page.Objects.Count + page.CommonPrefixes.Count),
                S3Xml.Element("IsTruncated", S3Xml.Bool(page.IsTruncated)),
                continuationToken is null ? null : S3Xml.Element("ContinuationToken", continuationToken),
                page.IsTruncated ? S3Xml.Element("NextContinuationToken", EncodeContinuationToken(page.LastReturned!)) : null,
                startAfter.Length > 0 ? S3Xml.Element("StartAfter", Encode(startAfter)) : null,
                urlEncoded ? S3Xml.Element("EncodingType", "url") : null,
                contents,
                commonPrefixes);
        }
        else
        {
            result = S3Xml.Element("ListBucketResult",
                S3Xml.Element("Name", request.Bucket),
                S3Xml.Element("Prefix", Encode(prefix)),
                S3Xml.Element("Marker", Encode(startAfter)),
                page.IsTruncated && delimiter.Length > 0 ? S3Xml.Element("NextMarker", Encode(page.LastReturned!)) : null,
                delimiter.Length > 0 ? S3Xml.Element("Delimiter", Encode(delimiter)) : null,
                S3Xml.Element("MaxKeys", maxKeys),
                S3Xml.Element("IsTruncated", S3Xml.Bool(page.IsTruncated)),
                urlEncoded ? S3Xml.Element("EncodingType", "url") : null,
                contents,
                commonPrefixes);
        }

        await WriteXmlAsync(request.Context, 200, result);
    }

    private async Task ListVersionsAsync(S3Request request)
    {
        var query = request.Context.Request.Query;
        var prefix = query["prefix"].ToString();
        var maxKeys = ParseMaxKeys(query["max-keys"].ToString());
        var keyMarker = query["key-marker"].ToString();
        var versionIdMarker = query["version-id-marker"].ToString();
        var versions = storage.ListVersions(request.Bucket!, prefix);

        var startIndex = 0;
        if (keyMarker.Length > 0)
        {
            var markerIndex = versionIdMarker.Length > 0
                ? versions.ToList().FindIndex(v => v.Key == keyMarker && v.Version.VersionId == versionIdMarker)
                : -1;
            startIndex = markerIndex >= 0
                ? markerIndex + 1
                : versions.Count(v => string.CompareOrdinal(v.Key, keyMarker) <= 0);
        }

        var page = versions.Skip(startIndex).Take(maxKeys).ToList();
        var isTruncated = startIndex + page.Count < versions.Count;
        var entries = page.Select(v => v.Version.IsDeleteMarker
            ? S3Xml.Element("DeleteMarker",
                S3Xml.Element("Key", v.Key),
                S3Xml.Element("VersionId", v.Version.VersionId),
                S3Xml.Element("IsLatest", S3Xml.Bool(v.IsLatest)),
                S3Xml.Element("LastModified", S3Xml.Timestamp(v.Version.LastModified)),
                S3Xml.Owner())
            : S3Xml.Element("Version",
                S3Xml.Element("Key", v.Key),
                S3Xml.Element("VersionId", v.Version.VersionId),
                S3Xml.Element("IsLatest", S3Xml.Bool(v.IsLatest)),
                S3Xml.Element("LastModified", S3Xml.Timestamp(v.Version.LastModified)),
                S3Xml.Element("ETag", v.Version.ETag),
                S3Xml.Element("Size", v.Version.Size),
                S3Xml.Element("StorageClass", "STANDARD"),
                S3Xml.Owner()));

        await WriteXmlAsync(request.Context, 200, S3Xml.Element("ListVersionsResult",
            S3Xml.Element("Name", request.Bucket),
            S3Xml.Element("Prefix", prefix),
            S3Xml.Element("KeyMarker", keyMarker),
            S3Xml.Element("VersionIdMarker", versionIdMarker),
            isTruncated ? S3Xml.Element("NextKeyMarker", page[^1].Key) : null,
            isTruncated ? S3Xml.Element("NextVersionIdMarker", page[^1].Version.VersionId) : null,
            S3Xml.Element("MaxKeys", maxKeys),
            S3Xml.Element("IsTruncated", S3Xml.Bool(isTruncated)),
            entries));
    }

    private async Task PutObjectAsync(S3Request request, byte[] body)
    {
        var version = await storage.PutObjectAsync(request.Bucket!, request.Key!, body, ReadObjectHeaders(request.Context.Request), request.Context.RequestAborted);
        request.Context.Response.Headers.ETag = version.ETag;
        WriteVersionHeader(request.Context.Response, version.VersionId);
        request.Context.Response.StatusCode = 200;
    }

    private async Task CopyObjectAsync(S3Request request)
    {
        var source = Uri.UnescapeDataString(request.Context.Request.Headers["x-amz-copy-source"].ToString()).TrimStart('/');
        string? sourceVersionId = null;
        var versionSeparator = source.IndexOf("?versionId=", StringComparison.Ordinal);
        if (versionSeparator >= 0)
        {
            sourceVersionId = source[(versionSeparator + "?versionId=".Length)..];
            source = source[..versionSeparator];
        }

        var slash = source.IndexOf('/');
        if (slash <= 0 || slash == source.Length - 1)
        {
            throw S3Exception.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
        }

        var sourceVersion = storage.GetVersion(source[..slash], source[(slash + 1)..], sourceVersionId);
        var content = await storage.Blobs.ReadAsync(sourceVersion.BlobId!, request.Context.RequestAborted)
            ?? throw S3Exception.NoSuchKey(source[..slash], source[(slash + 1)..]);
        var replaceMetadata = string.Equals(request.Context.Request.Headers["x-amz-metadata-directive"], "REPLACE", StringComparison.OrdinalIgnoreCase);
        var headers = replaceMetadata ? ReadObjectHeaders(request.Context.Request) : sourceVersion.Headers.With(new Dictionary<string, string>(sourceVersion.Headers.Tags, StringComparer.Ordinal));
        var version = await storage.PutObjectAsync(request.Bucket!, request.Key!, content, headers, request.Context.RequestAborted);
        WriteVersionHeader(request.Context.Response, version.VersionId);
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("CopyObjectResult",
            S3Xml.Element("LastModified", S3Xml.Timestamp(version.LastModified)),
            S3Xml.Element("ETag", version.ETag)));
    }

    private async Task GetObjectAsync(S3Request request, bool includeBody)
    {
        var query = request.Context.Request.Query;
        var versionId = query.ContainsKey("versionId") ? query["versionId"].ToString() : null;
        var version = storage.GetVersion(request.Bucket!, request.Key!, versionId);
        var response = request.Context.Response;
        response.Headers.ETag = version.ETag;
        response.Headers.LastModified = version.LastModified.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = version.Headers.ContentType;
        SetIfPresent(response, "Content-Encoding", version.Headers.ContentEncoding);
        SetIfPresent(response, "Content-Disposition", version.Headers.ContentDisposition);
        SetIfPresent(response, "Content-Language", version.Headers.ContentLanguage);
        SetIfPresent(response, "Cache-Control", version.Headers.CacheControl);
        foreach (var (name, value) in version.Headers.Metadata)
        {
            response.Headers["x-amz-meta-" + name] = value;
        }

        WriteVersionHeader(response, version.VersionId);
        if (version.Headers.Tags.Count > 0)
        {
            response.Headers["x-amz-tagging-count"] = version.Headers.Tags.Count.ToString(CultureInfo.InvariantCulture);
        }

        ApplyResponseHeaderOverrides(request.Context.Request.Query, response);
        if (IsNotModified(request.Context.Request, version))
        {
            response.StatusCode = 304;
            return;
        }

        var range = request.Context.Request.Headers.Range.ToString();
        var (offset, length, partial) = S3ByteRange.Resolve(range, version.Size);
        if (partial)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{version.Size}";
        }
        else
        {
            response.StatusCode = 200;
        }

        response.ContentLength = length;
        if (!includeBody)
        {
            return;
        }

        var content = await storage.Blobs.ReadAsync(version.BlobId!, request.Context.RequestAborted)
            ?? throw new S3Exception(500, "InternalError", "The object's data is missing from the sandbox blob store.");
        await response.Body.WriteAsync(content.AsMemory((int)offset, (int)length), request.Context.RequestAborted);
    }

    private Task DeleteObjectAsync(S3Request request)
    {
        var query = request.Context.Request.Query;
        var versionId = query.ContainsKey("versionId") ? query["versionId"].ToString() : null;
        var (touchedVersion, deleteMarker) = storage.DeleteObject(request.Bucket!, request.Key!, versionId);
        if (touchedVersion is not null)
        {
            request.Context.Response.Headers["x-amz-version-id"] = touchedVersion;
        }

        if (deleteMarker)
        {
            request.Context.Response.Headers["x-amz-delete-marker"] = "true";
        }

        request.Context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private async Task DeleteObjectsAsync(S3Request request, byte[] body)
    {
        var root = S3Xml.ParseBody(body);
        var quiet = string.Equals(S3Xml.ChildValue(root, "Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var targets = S3Xml.Children(root, "Object")
            .Select(o => (Key: S3Xml.ChildValue(o, "Key"), VersionId: S3Xml.ChildValue(o, "VersionId")))
            .ToList();
        if (targets.Count is 0 or > 1000 || targets.Any(t => string.IsNullOrEmpty(t.Key)))
        {
            throw S3Exception.MalformedXml();
        }

        storage.EnsureBucketExists(request.Bucket!);
        var results = new List<XElement>();
        foreach (var (key, versionId) in targets)
        {
            try
            {
                var (touchedVersion, deleteMarker) = storage.DeleteObject(request.Bucket!, key!, versionId);
                if (!quiet)
                {
                    results.Add(S3Xml.Element("Deleted",
                        S3Xml.Element("Key", key),
                        S3Xml.OptionalElement("VersionId", versionId),
                        deleteMarker ? S3Xml.Element("DeleteMarker", "true") : null,
                        deleteMarker && versionId is null ? S3Xml.Element("DeleteMarkerVersionId", touchedVersion) : null));
                }
            }
            catch (S3Exception error)
            {
                results.Add(S3Xml.Element("Error",
                    S3Xml.Element("Key", key),
                    S3Xml.OptionalElement("VersionId", versionId),
                    S3Xml.Element("Code", error.Code),
                    S3Xml.Element("Message", error.Message)));
            }
        }

        await WriteXmlAsync(request.Context, 200, S3Xml.Element("DeleteResult", results));
    }

    private async Task CreateMultipartAsync(S3Request request)
    {
        var upload = storage.CreateMultipartUpload(request.Bucket!, request.Key!, ReadObjectHeaders(request.Context.Request));
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("InitiateMultipartUploadResult",
            S3Xml.Element("Bucket", upload.Bucket),
            S3Xml.Element("Key", upload.Key),
            S3Xml.Element("UploadId", upload.UploadId)));
    }

    private async Task UploadPartAsync(S3Request request, byte[] body)
    {
        var query = request.Context.Request.Query;
        if (!int.TryParse(query["partNumber"], NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber))
        {
            throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive");
        }

        var etag = await storage.UploadPartAsync(request.Bucket!, request.Key!, query["uploadId"].ToString(), partNumber, body, request.Context.RequestAborted);
        request.Context.Response.Headers.ETag = etag;
        request.Context.Response.StatusCode = 200;
    }

    private async Task CompleteMultipartAsync(S3Request request, byte[] body)
    {
        var root = S3Xml.ParseBody(body);
        var parts = new List<(int, string)>();
        foreach (var part in S3Xml.Children(root, "Part"))
        {
            if (!int.TryParse(S3Xml.ChildValue(part, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || S3Xml.ChildValue(part, "ETag") is not { } etag)
            {
                throw S3Exception.MalformedXml();
            }

            parts.Add((number, etag));
        }

        var uploadId = request.Context.Request.Query["uploadId"].ToString();
        var version = await storage.CompleteMultipartUploadAsync(request.Bucket!, request.Key!, uploadId, parts, request.Context.RequestAborted);
        WriteVersionHeader(request.Context.Response, version.VersionId);
        var location = $"{request.Context.Request.Scheme}://{request.Context.Request.Host}/{request.Bucket}/{Uri.EscapeDataString(request.Key!).Replace("%2F", "/", StringComparison.Ordinal)}";
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("CompleteMultipartUploadResult",
            S3Xml.Element("Location", location),
            S3Xml.Element("Bucket", request.Bucket),
            S3Xml.Element("Key", request.Key),
            S3Xml.Element("ETag", version.ETag)));
    }

    private async Task ListMultipartUploadsAsync(S3Request request)
    {
        var query = request.Context.Request.Query;
        var prefix = query["prefix"].ToString();
        var maxUploads = ParseMaxKeys(query["max-uploads"].ToString());
        var uploads = storage.ListUploads(request.Bucket!, prefix);
        var page = uploads.Take(maxUploads).ToList();
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("ListMultipartUploadsResult",
            S3Xml.Element("Bucket", request.Bucket),
            S3Xml.Element("KeyMarker", ""),
            S3Xml.Element("UploadIdMarker", ""),
            S3Xml.Element("Prefix", prefix),
            S3Xml.Element("MaxUploads", maxUploads),
            S3Xml.Element("IsTruncated", S3Xml.Bool(page.Count < uploads.Count)),
            page.Count < uploads.Count ? S3Xml.Element("NextKeyMarker", page[^1].Key) : null,
            page.Count < uploads.Count ? S3Xml.Element("NextUploadIdMarker", page[^1].UploadId) : null,
            page.Select(u => S3Xml.Element("Upload",
                S3Xml.Element("Key", u.Key),
                S3Xml.Element("UploadId", u.UploadId),
                S3Xml.Element("Initiator", S3Xml.Element("ID", "sandbox"), S3Xml.Element("DisplayName", "sandbox")),
                S3Xml.Owner(),
                S3Xml.Element("StorageClass", "STANDARD"),
                S3Xml.Element("Initiated", S3Xml.Timestamp(u.Initiated))))));
    }

    private async Task ListPartsAsync(S3Request request)
    {
        var query = request.Context.Request.Query;
        var uploadId = query["uploadId"].ToString();
        var maxParts = ParseMaxKeys(query["max-parts"].ToString());
        var marker = int.TryParse(query["part-number-marker"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsedMarker) ? parsedMarker : 0;
        var parts = storage.ListParts(request.Bucket!, request.Key!, uploadId).Where(p => p.PartNumber > marker).ToList();
        var page = parts.Take(maxParts).ToList();
        var isTruncated = page.Count < parts.Count;
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("ListPartsResult",
            S3Xml.Element("Bucket", request.Bucket),
            S3Xml.Element("Key", request.Key),
            S3Xml.Element("UploadId", uploadId),
            S3Xml.Element("Initiator", S3Xml.Element("ID", "sandbox"), S3Xml.Element("DisplayName", "sandbox")),
            S3Xml.Owner(),
            S3Xml.Element("StorageClass", "STANDARD"),
            S3Xml.Element("PartNumberMarker", marker),
            isTruncated ? S3Xml.Element("NextPartNumberMarker", page[^1].PartNumber) : null,
            S3Xml.Element("MaxParts", maxParts),
            S3Xml.Element("IsTruncated", S3Xml.Bool(isTruncated)),
            page.Select(p => S3Xml.Element("Part",
                S3Xml.Element("PartNumber", p.PartNumber),
                S3Xml.Element("LastModified", S3Xml.Timestamp(p.Part.LastModified)),
                S3Xml.Element("ETag", p.Part.ETag),
                S3Xml.Element("Size", p.Part.Size)))));
    }

    private Task AbortMultipartAsync(S3Request request)
    {
        storage.AbortMultipartUpload(request.Bucket!, request.Key!, request.Context.Request.Query["uploadId"].ToString());
        request.Context.Response.StatusCode = 204;
        return Task.CompletedTask;
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

    private static S3ObjectHeaders ReadObjectHeaders(HttpRequest request)
    {
        var headers = new S3ObjectHeaders
        {
            ContentType = request.ContentType is { Length: > 0 } contentType ? contentType : "binary/octet-stream",
            ContentEncoding = RemoveAwsChunked(request.Headers.ContentEncoding.ToString()),
            ContentDisposition = NullIfEmpty(request.Headers.ContentDisposition.ToString()),
            ContentLanguage = NullIfEmpty(request.Headers.ContentLanguage.ToString()),
            CacheControl = NullIfEmpty(request.Headers.CacheControl.ToString()),
        };
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                headers.Metadata[name["x-amz-meta-".Length..].ToLowerInvariant()] = value.ToString();
            }
        }

        var tagging = request.Headers["x-amz-tagging"].ToString();
        if (tagging.Length > 0)
        {
            foreach (var tag in S3RequestAuthenticator.ParseRawQuery(tagging))
            {
                if (tag.Name.Length == 0 || !headers.Tags.TryAdd(tag.Name, tag.Value))
                {
                    throw new S3Exception(400, "InvalidTag", "The tag provided was not a valid tag.");
                }
            }

            ValidateTagCount(headers.Tags);
        }

        return headers;
    }

    private static string? RemoveAwsChunked(string contentEncoding)
    {
        var remaining = contentEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !string.Equals(e, "aws-chunked", StringComparison.OrdinalIgnoreCase));
        return NullIfEmpty(string.Join(',', remaining));
    }

    /// <summary>The <c>response-*</c> query parameters (typically in presigned URLs) replace the stored headers.</summary>
    private static void ApplyResponseHeaderOverrides(IQueryCollection query, HttpResponse response)
    {
        (string Parameter, string Header)[] overrides =
        [
            ("response-content-type", "Content-Type"),
            ("response-content-disposition", "Content-Disposition"),
            ("response-content-encoding", "Content-Encoding"),
            ("response-content-language", "Content-Language"),
            ("response-cache-control", "Cache-Control"),
            ("response-expires", "Expires"),
        ];
        foreach (var (parameter, header) in overrides)
        {
            if (query.TryGetValue(parameter, out var value) && value.Count > 0)
            {
                response.Headers[header] = value.ToString();
            }
        }
    }

    private static bool IsNotModified(HttpRequest request, S3ObjectVersionRecord version)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        return ifNoneMatch.Length > 0 && ifNoneMatch.Split(',').Any(tag => tag.Trim() == version.ETag || tag.Trim() == "*");
    }

    private static void WriteVersionHeader(HttpResponse response, string versionId)
    {
        if (versionId != S3ObjectVersionIds.Null)
        {
            response.Headers["x-amz-version-id"] = versionId;
        }
    }

    private static void SetIfPresent(HttpResponse response, string header, string? value)
    {
        if (value is not null)
        {
            response.Headers[header] = value;
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static int ParseMaxKeys(string value)
    {
        if (value.Length == 0)
        {
            return DefaultMaxKeys;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? Math.Min(parsed, DefaultMaxKeys)
            : throw S3Exception.InvalidArgument("Provided max-keys not an integer or within integer range");
    }

    private static string EncodeContinuationToken(string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey));

    private static string DecodeContinuationToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Exception.InvalidArgument("The continuation token provided is incorrect");
        }
    }

    private static async Task WriteXmlAsync(HttpContext context, int statusCode, XElement root)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/xml";
        await WriteDocumentAsync(context, S3Xml.Document(root));
    }

    private static async Task WriteErrorAsync(HttpContext context, S3Exception error, string resource, string requestId)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.Headers["x-amz-request-id"] = requestId;
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
        await WriteDocumentAsync(context, S3Xml.Error(error, resource, requestId));
    }

    private static async Task WriteDocumentAsync(HttpContext context, XDocument document)
    {
        using var buffer = new MemoryStream();
        await document.SaveAsync(buffer, SaveOptions.DisableFormatting, context.RequestAborted);
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
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

    private static readonly string[] UnsupportedBucketSubresources =
    [
        "website", "logging", "notification", "replication", "accelerate", "requestPayment", "object-lock",
        "ownershipControls", "publicAccessBlock", "inventory", "metrics", "analytics", "intelligent-tiering",
    ];

    private static readonly string[] UnsupportedObjectSubresources = ["retention", "legal-hold", "attributes", "restore", "select", "torrent"];

    private sealed record S3Operation(string Name, bool Mutation, Func<S3Request, byte[], Task> Handler);
}
