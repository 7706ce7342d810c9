using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using static CoderBootstrap.Sandbox.S3.S3Http;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>S3 objects: put, copy, get/head (ranges, conditional, header overrides), delete (one or a batch) and tags.</summary>
internal sealed class S3ObjectsApi(S3Storage storage)
{
    public async Task PutAsync(S3Request request, byte[] body)
    {
        var version = await storage.PutObjectAsync(request.Bucket!, request.Key!, body, ReadObjectHeaders(request.Context.Request), request.Context.RequestAborted);
        request.Response.Headers.ETag = version.ETag;
        WriteVersionHeader(request.Response, version.VersionId);
        request.Response.StatusCode = 200;
    }

    public async Task CopyAsync(S3Request request)
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
        WriteVersionHeader(request.Response, version.VersionId);
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("CopyObjectResult",
            S3Xml.Element("LastModified", S3Xml.Timestamp(version.LastModified)),
            S3Xml.Element("ETag", version.ETag)));
    }

    public async Task GetAsync(S3Request request, bool includeBody)
    {
        var version = storage.GetVersion(request.Bucket!, request.Key!, request.VersionId);
        var response = request.Response;
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

        ApplyResponseHeaderOverrides(request.Query, response);
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

    public Task DeleteAsync(S3Request request)
    {
        var (touchedVersion, deleteMarker) = storage.DeleteObject(request.Bucket!, request.Key!, request.VersionId);
        if (touchedVersion is not null)
        {
            request.Response.Headers["x-amz-version-id"] = touchedVersion;
        }

        if (deleteMarker)
        {
            request.Response.Headers["x-amz-delete-marker"] = "true";
        }

        return Status(request, 204);
    }

    public async Task DeleteBatchAsync(S3Request request, byte[] body)
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

    public Task PutTaggingAsync(S3Request request, byte[] body)
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
        var versionId = storage.SetObjectTags(request.Bucket!, request.Key!, request.VersionId, tags);
        WriteVersionHeader(request.Response, versionId);
        return Status(request, 200);
    }

    public async Task GetTaggingAsync(S3Request request)
    {
        var version = storage.GetVersion(request.Bucket!, request.Key!, request.VersionId);
        WriteVersionHeader(request.Response, version.VersionId);
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("Tagging",
            S3Xml.Element("TagSet", version.Headers.Tags.Select(t => S3Xml.Element("Tag", S3Xml.Element("Key", t.Key), S3Xml.Element("Value", t.Value))))));
    }

    public Task DeleteTaggingAsync(S3Request request)
    {
        var versionId = storage.SetObjectTags(request.Bucket!, request.Key!, request.VersionId, new Dictionary<string, string>(StringComparer.Ordinal));
        WriteVersionHeader(request.Response, versionId);
        return Status(request, 204);
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

    private static void SetIfPresent(HttpResponse response, string header, string? value)
    {
        if (value is not null)
        {
            response.Headers[header] = value;
        }
    }
}
