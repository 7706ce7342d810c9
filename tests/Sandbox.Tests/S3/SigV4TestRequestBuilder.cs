using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>
/// Builds SigV4-signed requests by hand: aws-chunked PUTs (for the payload modes the SDK does not send
/// over plain HTTP, and tampered chunks) and bodiless requests the SDK would not surface raw.
/// </summary>
internal sealed class SigV4TestRequestBuilder(string serviceUrl, string accessKey, string secretKey)
{
    private const string Region = "fr-par";
    private static readonly string EmptyPayloadHash = Hex(SHA256.HashData([]));

    /// <summary>A request without a body on a bucket sub-resource, e.g. <c>GET /bucket?lifecycle</c>.</summary>
    public HttpRequestMessage BuildBodiless(HttpMethod method, string bucket, string subresource)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{Region}/s3/aws4_request";
        var uri = new Uri($"{serviceUrl}/{bucket}?{subresource}");
        const string signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        var canonicalRequest = string.Join('\n',
            method.Method,
            uri.AbsolutePath,
            subresource + "=",
            $"host:{uri.Authority}\nx-amz-content-sha256:{EmptyPayloadHash}\nx-amz-date:{amzDate}\n",
            signedHeaders,
            EmptyPayloadHash);
        var signature = Sign(SigningKey(date), string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))));
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", EmptyPayloadHash);
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        return request;
    }

    public HttpRequestMessage BuildStreamingPut(string bucket, string key, byte[] content, string payloadMode, int chunkSize, bool tamperSecondChunk = false, long? declaredLength = null)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{Region}/s3/aws4_request";
        var uri = new Uri($"{serviceUrl}/{bucket}/{key}");
        var withTrailer = payloadMode.EndsWith("-TRAILER", StringComparison.Ordinal);
        var signedChunks = payloadMode.StartsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", StringComparison.Ordinal);

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-encoding"] = "aws-chunked",
            ["host"] = uri.Authority,
            ["x-amz-content-sha256"] = payloadMode,
            ["x-amz-date"] = amzDate,
            ["x-amz-decoded-content-length"] = (declaredLength ?? content.Length).ToString(CultureInfo.InvariantCulture),
        };
        if (withTrailer)
        {
            headers["x-amz-trailer"] = "x-amz-checksum-crc32";
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            "PUT",
            uri.AbsolutePath,
            "",
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            payloadMode);
        var signingKey = SigningKey(date);
        var seedSignature = Sign(signingKey, string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))));

        using var body = new MemoryStream();
        var previousSignature = seedSignature;
        var chunkIndex = 0;
        for (var offset = 0; ; )
        {
            var chunk = content.AsSpan(offset, Math.Min(chunkSize, content.Length - offset)).ToArray();
            offset += chunk.Length;
            var header = chunk.Length.ToString("x", CultureInfo.InvariantCulture);
            if (signedChunks)
            {
                var chunkSignature = Sign(signingKey, string.Join('\n',
                    "AWS4-HMAC-SHA256-PAYLOAD", amzDate, scope, previousSignature, Hex(SHA256.HashData([])), Hex(SHA256.HashData(chunk))));
                previousSignature = chunkSignature;
                if (tamperSecondChunk && chunkIndex == 1)
                {
                    chunk[0] ^= 0xFF;
                }

                header += ";chunk-signature=" + chunkSignature;
            }

            body.Write(Encoding.ASCII.GetBytes(header + "\r\n"));
            body.Write(chunk);
            if (chunk.Length == 0)
            {
                break;
            }

            body.Write("\r\n"u8);
            chunkIndex++;
        }

        if (withTrailer)
        {
            var checksum = Convert.ToBase64String(Crc32Big(content));
            body.Write(Encoding.ASCII.GetBytes($"x-amz-checksum-crc32:{checksum}\r\n"));
        }

        body.Write("\r\n"u8);

        var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("aws-chunked");
        foreach (var (name, value) in headers.Where(h => h.Key.StartsWith("x-amz-", StringComparison.Ordinal)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={seedSignature}");
        return request;
    }

    private byte[] SigningKey(string date)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Region));
        key = HMACSHA256.HashData(key, "s3"u8);
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    private static string Sign(byte[] key, string stringToSign) => Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Crc32Big(byte[] content)
    {
        var checksum = Crc32.Hash(content);
        Array.Reverse(checksum);
        return checksum;
    }
}
