using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>A path-style request split into bucket and key, decoded from the raw request target (kept for signature checks).</summary>
internal sealed record S3Request(HttpContext Context, string? Bucket, string? Key, string Resource, string RawPath, string RawQuery, string RequestId)
{
    public IQueryCollection Query => Context.Request.Query;

    public HttpResponse Response => Context.Response;

    public string? VersionId => Query.TryGetValue("versionId", out var versionId) ? versionId.ToString() : null;

    /// <summary>Reads the request target and gives the request its <c>x-amz-request-id</c>.</summary>
    public static S3Request Parse(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        context.Response.Headers["x-amz-request-id"] = requestId;
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        var path = rawPath.StartsWith('/') ? rawPath[1..] : rawPath;
        if (path.Length == 0)
        {
            return new S3Request(context, null, null, "/", rawPath, rawQuery, requestId);
        }

        var slash = path.IndexOf('/');
        var bucket = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
        var key = slash < 0 || slash == path.Length - 1 ? null : Uri.UnescapeDataString(path[(slash + 1)..]);
        return new S3Request(context, bucket, key, key is null ? "/" + bucket : $"/{bucket}/{key}", rawPath, rawQuery, requestId);
    }
}
