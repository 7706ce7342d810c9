using System.Globalization;
using static CoderBootstrap.Sandbox.S3.S3Http;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>S3 multipart uploads: create, upload a part, complete, abort, list uploads and parts.</summary>
internal sealed class S3MultipartApi(S3Storage storage)
{
    public async Task CreateAsync(S3Request request)
    {
        var upload = storage.CreateMultipartUpload(request.Bucket!, request.Key!, ReadObjectHeaders(request.Context.Request));
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("InitiateMultipartUploadResult",
            S3Xml.Element("Bucket", upload.Bucket),
            S3Xml.Element("Key", upload.Key),
            S3Xml.Element("UploadId", upload.UploadId)));
    }

    public async Task UploadPartAsync(S3Request request, byte[] body)
    {
        if (!int.TryParse(request.Query["partNumber"], NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber))
        {
            throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive");
        }

        var etag = await storage.UploadPartAsync(request.Bucket!, request.Key!, request.Query["uploadId"].ToString(), partNumber, body, request.Context.RequestAborted);
        request.Response.Headers.ETag = etag;
        request.Response.StatusCode = 200;
    }

    public async Task CompleteAsync(S3Request request, byte[] body)
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

        var uploadId = request.Query["uploadId"].ToString();
        var version = await storage.CompleteMultipartUploadAsync(request.Bucket!, request.Key!, uploadId, parts, request.Context.RequestAborted);
        WriteVersionHeader(request.Response, version.VersionId);
        var location = $"{request.Context.Request.Scheme}://{request.Context.Request.Host}/{request.Bucket}/{Uri.EscapeDataString(request.Key!).Replace("%2F", "/", StringComparison.Ordinal)}";
        await WriteXmlAsync(request.Context, 200, S3Xml.Element("CompleteMultipartUploadResult",
            S3Xml.Element("Location", location),
            S3Xml.Element("Bucket", request.Bucket),
            S3Xml.Element("Key", request.Key),
            S3Xml.Element("ETag", version.ETag)));
    }

    public Task AbortAsync(S3Request request)
    {
        storage.AbortMultipartUpload(request.Bucket!, request.Key!, request.Query["uploadId"].ToString());
        return Status(request, 204);
    }

    public async Task ListUploadsAsync(S3Request request)
    {
        var prefix = request.Query["prefix"].ToString();
        var maxUploads = ParseMaxKeys(request.Query["max-uploads"].ToString());
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

    public async Task ListPartsAsync(S3Request request)
    {
        var uploadId = request.Query["uploadId"].ToString();
        var maxParts = ParseMaxKeys(request.Query["max-parts"].ToString());
        var marker = int.TryParse(request.Query["part-number-marker"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsedMarker) ? parsedMarker : 0;
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
}
