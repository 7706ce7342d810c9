using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>What the S3 resources share on the wire: XML answers, object headers, version headers and list limits.</summary>
internal static class S3Http
{
    public const int DefaultMaxKeys = 1000;

    public static async Task WriteXmlAsync(HttpContext context, int statusCode, XElement root)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/xml";
        await WriteDocumentAsync(context, S3Xml.Document(root));
    }

    public static async Task WriteDocumentAsync(HttpContext context, XDocument document)
    {
        using var buffer = new MemoryStream();
        await document.SaveAsync(buffer, SaveOptions.DisableFormatting, context.RequestAborted);
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    /// <summary>Answers with status alone (no body).</summary>
    public static Task Status(S3Request request, int statusCode)
    {
        request.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    }

    public static void WriteVersionHeader(HttpResponse response, string versionId)
    {
        if (versionId != S3ObjectVersionIds.Null)
        {
            response.Headers["x-amz-version-id"] = versionId;
        }
    }

    public static int ParseMaxKeys(string value)
    {
        if (value.Length == 0)
        {
            return DefaultMaxKeys;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? Math.Min(parsed, DefaultMaxKeys)
            : throw S3Exception.InvalidArgument("Provided max-keys not an integer or within integer range");
    }

    public static void ValidateTagCount(Dictionary<string, string> tags)
    {
        if (tags.Count > 10)
        {
            throw new S3Exception(400, "BadRequest", "Object tags cannot be greater than 10");
        }
    }

    /// <summary>The stored headers of a new object (content headers, <c>x-amz-meta-*</c>, <c>x-amz-tagging</c>).</summary>
    public static S3ObjectHeaders ReadObjectHeaders(HttpRequest request)
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

    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string? RemoveAwsChunked(string contentEncoding)
    {
        var remaining = contentEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !string.Equals(e, "aws-chunked", StringComparison.OrdinalIgnoreCase));
        return NullIfEmpty(string.Join(',', remaining));
    }
}
