using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>A path-style request split into bucket and key, decoded from the raw request target.</summary>
internal sealed record S3Request(HttpContext Context, string? Bucket, string? Key, string Resource)
{
    public static S3Request Parse(HttpContext context, string rawPath)
    {
        var path = rawPath.StartsWith('/') ? rawPath[1..] : rawPath;
        if (path.Length == 0)
        {
            return new S3Request(context, null, null, "/");
        }

        var slash = path.IndexOf('/');
        var bucket = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
        var key = slash < 0 || slash == path.Length - 1 ? null : Uri.UnescapeDataString(path[(slash + 1)..]);
        return new S3Request(context, bucket, key, key is null ? "/" + bucket : $"/{bucket}/{key}");
    }
}
