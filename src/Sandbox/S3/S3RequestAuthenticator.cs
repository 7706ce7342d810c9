using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>
/// Verifies AWS Signature Version 4, both in the <c>Authorization</c> header and in presigned URL
/// query parameters, against the one access key / secret key pair the sandbox serves.
/// </summary>
internal sealed class S3RequestAuthenticator(string accessKey, string secretKey, TimeProvider time)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const int MaxPresignedExpirySeconds = 604800;

    public S3SigningContext Authenticate(HttpRequest request, string rawPath, string rawQuery)
    {
        var query = ParseRawQuery(rawQuery);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return AuthenticateHeader(request, authorization, rawPath, query);
        }

        if (query.Any(p => p.Name == "X-Amz-Signature"))
        {
            return AuthenticatePresigned(request, rawPath, query);
        }

        throw new S3Exception(403, "AccessDenied", "Access Denied");
    }

    private S3SigningContext AuthenticateHeader(HttpRequest request, string authorization, string rawPath, List<QueryParameter> query)
    {
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw new S3Exception(400, "InvalidArgument", "Unsupported Authorization Type");
        }

        var fields = authorization[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential)
            || !fields.TryGetValue("SignedHeaders", out var signedHeaders)
            || !fields.TryGetValue("Signature", out var signature))
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; it must contain Credential, SignedHeaders and Signature.");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (amzDate.Length == 0)
        {
            amzDate = request.Headers.Date.ToString();
        }

        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash.Length == 0)
        {
            throw new S3Exception(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        }

        var scope = ParseCredential(credential, out var date, out var region);
        var signingKey = DeriveSigningKey(date, region);
        VerifySignature(request, rawPath, query, signedHeaders, payloadHash, amzDate, scope, signingKey, signature);
        return new S3SigningContext(signingKey, amzDate, scope, signature, payloadHash);
    }

    private S3SigningContext AuthenticatePresigned(HttpRequest request, string rawPath, List<QueryParameter> query)
    {
        string Required(string name) =>
            query.FirstOrDefault(p => p.Name == name)?.Value
            ?? throw new S3Exception(400, "AuthorizationQueryParametersError", $"Query-string authentication version 4 requires the {name} parameter.");

        if (Required("X-Amz-Algorithm") != Algorithm)
        {
            throw new S3Exception(400, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }

        var credential = Required("X-Amz-Credential");
        var amzDate = Required("X-Amz-Date");
        var signedHeaders = Required("X-Amz-SignedHeaders");
        var signature = Required("X-Amz-Signature");
        if (!int.TryParse(Required("X-Amz-Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expiresSeconds)
            || expiresSeconds > MaxPresignedExpirySeconds)
        {
            throw new S3Exception(400, "AuthorizationQueryParametersError", "X-Amz-Expires must be a number of seconds between 0 and 604800.");
        }

        var scope = ParseCredential(credential, out var date, out var region);
        var signingKey = DeriveSigningKey(date, region);
        var unsignedQuery = query.Where(p => p.Name != "X-Amz-Signature").ToList();
        VerifySignature(request, rawPath, unsignedQuery, signedHeaders, UnsignedPayload, amzDate, scope, signingKey, signature);

        var signedAt = ParseAmzDate(amzDate);
        if (time.GetUtcNow() > signedAt.AddSeconds(expiresSeconds))
        {
            throw new S3Exception(403, "AccessDenied", "Request has expired");
        }

        return new S3SigningContext(signingKey, amzDate, scope, signature, null);
    }

    private string ParseCredential(string credential, out string date, out string region)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[3] != "s3" || parts[4] != "aws4_request")
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", $"The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parts[0]), Encoding.UTF8.GetBytes(accessKey)))
        {
            throw new S3Exception(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        }

        date = parts[1];
        region = parts[2];
        return string.Join('/', parts[1..]);
    }

    private void VerifySignature(
        HttpRequest request,
        string rawPath,
        List<QueryParameter> query,
        string signedHeaders,
        string payloadHash,
        string amzDate,
        string scope,
        byte[] signingKey,
        string providedSignature)
    {
        var canonicalHeaders = BuildCanonicalHeaders(request, signedHeaders);
        var canonicalQuery = string.Join('&', query
            .Select(p => (Name: Rfc3986Encode(p.Name), Value: Rfc3986Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

        // Clients differ in how they escape the path on the wire; S3 signs it URI-encoded once.
        var candidatePaths = new[] { rawPath, CanonicalizePath(rawPath) }.Distinct(StringComparer.Ordinal);
        foreach (var canonicalPath in candidatePaths)
        {
            var canonicalRequest = string.Join('\n', request.Method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash);
            var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
            var expected = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(providedSignature)))
            {
                return;
            }
        }

        throw new S3Exception(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }

    private static string BuildCanonicalHeaders(HttpRequest request, string signedHeaders)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders.Split(';'))
        {
            var values = name == "host" ? request.Host.Value ?? "" : string.Join(',', request.Headers[name].Select(v => CollapseSpaces(v ?? "")));
            builder.Append(name).Append(':').Append(values).Append('\n');
        }

        return builder.ToString();
    }

    public static string SignChunk(S3SigningContext context, string previousSignature, ReadOnlySpan<byte> chunk)
    {
        var stringToSign = string.Join('\n',
            "AWS4-HMAC-SHA256-PAYLOAD",
            context.AmzDate,
            context.Scope,
            previousSignature,
            Hex(SHA256.HashData(ReadOnlySpan<byte>.Empty)),
            Hex(SHA256.HashData(chunk)));
        return Hex(HMACSHA256.HashData(context.SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
    }

    private byte[] DeriveSigningKey(string date, string region)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, "s3"u8);
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    private static DateTimeOffset ParseAmzDate(string amzDate) =>
        DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new S3Exception(400, "AuthorizationQueryParametersError", "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");

    private static string CanonicalizePath(string rawPath) =>
        string.Join('/', rawPath.Split('/').Select(segment => Rfc3986Encode(Uri.UnescapeDataString(segment))));

    private static string Rfc3986Encode(string value) => Uri.EscapeDataString(value);

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c == ' ' && builder.Length > 0 && builder[^1] == ' ')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static List<QueryParameter> ParseRawQuery(string rawQuery) =>
        rawQuery.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var separator = pair.IndexOf('=');
                var name = separator < 0 ? pair : pair[..separator];
                var value = separator < 0 ? "" : pair[(separator + 1)..];
                return new QueryParameter(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
            })
            .ToList();

    internal sealed record QueryParameter(string Name, string Value);
}
