using System.Globalization;
using System.Text;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>
/// Decodes <c>aws-chunked</c> request bodies (<c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]</c>,
/// <c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>): hex size lines, optional chunk signatures checked
/// against the request's seed signature, then optional trailing headers (checksums) after the last chunk.
/// </summary>
internal static class AwsChunkedDecoder
{
    public static bool IsStreamingPayload(string? contentSha256) =>
        contentSha256 is not null && contentSha256.StartsWith("STREAMING-", StringComparison.Ordinal);

    public static byte[] Decode(byte[] body, S3SigningContext signing, long? declaredDecodedLength)
    {
        var signedChunks = signing.ContentSha256 is "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" or "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
        var previousSignature = signing.SeedSignature;
        using var decoded = new MemoryStream();
        var position = 0;
        while (true)
        {
            var header = ReadLine(body, ref position);
            var separator = header.IndexOf(';');
            var sizeText = separator < 0 ? header : header[..separator];
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0 || position + size > body.Length)
            {
                throw Incomplete();
            }

            var chunk = body.AsSpan(position, (int)size);
            if (signedChunks)
            {
                const string signaturePrefix = "chunk-signature=";
                var extension = separator < 0 ? "" : header[(separator + 1)..];
                if (!extension.StartsWith(signaturePrefix, StringComparison.Ordinal))
                {
                    throw Incomplete();
                }

                var chunkSignature = extension[signaturePrefix.Length..];
                var expected = S3RequestAuthenticator.SignChunk(signing, previousSignature, chunk);
                if (!string.Equals(expected, chunkSignature, StringComparison.Ordinal))
                {
                    throw new S3Exception(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
                }

                previousSignature = chunkSignature;
            }

            decoded.Write(chunk);
            position += (int)size;
            if (size == 0)
            {
                break;
            }

            if (ReadLine(body, ref position).Length != 0)
            {
                throw Incomplete();
            }
        }

        // Trailing headers (for example x-amz-checksum-crc32) until an empty line or the end of the body.
        while (position < body.Length && ReadLine(body, ref position).Length != 0)
        {
        }

        if (declaredDecodedLength is { } expectedLength && expectedLength != decoded.Length)
        {
            throw new S3Exception(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.");
        }

        return decoded.ToArray();
    }

    private static string ReadLine(byte[] body, ref int position)
    {
        var start = position;
        for (var i = start; i + 1 < body.Length; i++)
        {
            if (body[i] == '\r' && body[i + 1] == '\n')
            {
                position = i + 2;
                return Encoding.ASCII.GetString(body, start, i - start);
            }
        }

        throw Incomplete();
    }

    private static S3Exception Incomplete() =>
        new(400, "IncompleteBody", "The request body is not a valid aws-chunked payload.");
}
