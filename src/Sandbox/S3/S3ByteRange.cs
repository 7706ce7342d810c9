using System.Globalization;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>Resolves a single <c>Range: bytes=...</c> header against an object size, as S3 does.</summary>
internal static class S3ByteRange
{
    public static (long Offset, long Length, bool Partial) Resolve(string rangeHeader, long size)
    {
        const string unit = "bytes=";
        if (rangeHeader.Length == 0 || !rangeHeader.StartsWith(unit, StringComparison.OrdinalIgnoreCase) || rangeHeader.Contains(','))
        {
            // S3 ignores ranges it cannot parse (and multiple ranges) and returns the whole object.
            return (0, size, false);
        }

        var spec = rangeHeader[unit.Length..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return (0, size, false);
        }

        var startText = spec[..dash];
        var endText = spec[(dash + 1)..];
        if (startText.Length == 0)
        {
            if (!long.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out var suffixLength))
            {
                return (0, size, false);
            }

            if (suffixLength == 0 || size == 0)
            {
                throw NotSatisfiable(size);
            }

            var length = Math.Min(suffixLength, size);
            return (size - length, length, true);
        }

        if (!long.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return (0, size, false);
        }

        var end = size - 1;
        if (endText.Length > 0)
        {
            if (!long.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return (0, size, false);
            }
        }

        if (start >= size)
        {
            throw NotSatisfiable(size);
        }

        end = Math.Min(end, size - 1);
        return (start, end - start + 1, true);
    }

    private static S3Exception NotSatisfiable(long size) =>
        new(416, "InvalidRange", "The requested range is not satisfiable")
        {
            ExtraHeaders = new Dictionary<string, string> { ["Content-Range"] = $"bytes */{size}" },
        };
}
