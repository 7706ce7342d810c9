namespace CoderBootstrap.Sandbox.S3;

/// <summary>One page of a bucket listing: keys after a marker, folded into common prefixes by a delimiter.</summary>
internal sealed record S3Listing(
    IReadOnlyList<(string Key, S3ObjectVersionRecord Current)> Objects,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? LastReturned)
{
    public static S3Listing Page(
        IReadOnlyList<(string Key, S3ObjectVersionRecord Current)> sortedObjects,
        string prefix,
        string delimiter,
        string marker,
        int maxKeys)
    {
        var objects = new List<(string, S3ObjectVersionRecord)>();
        var commonPrefixes = new List<string>();
        string? lastReturned = null;
        var returned = 0;
        foreach (var entry in sortedObjects)
        {
            if (string.CompareOrdinal(entry.Key, marker) <= 0)
            {
                continue;
            }

            string? commonPrefix = null;
            if (delimiter.Length > 0)
            {
                var delimiterIndex = entry.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (delimiterIndex >= 0)
                {
                    commonPrefix = entry.Key[..(delimiterIndex + delimiter.Length)];
                }
            }

            // A page that ended on a common prefix continues after every key under it.
            if (commonPrefix is not null && (commonPrefix == lastReturned || (marker.Length > 0 && commonPrefix == marker)))
            {
                continue;
            }

            if (returned == maxKeys)
            {
                return new S3Listing(objects, commonPrefixes, true, lastReturned);
            }

            if (commonPrefix is not null)
            {
                commonPrefixes.Add(commonPrefix);
                lastReturned = commonPrefix;
            }
            else
            {
                objects.Add(entry);
                lastReturned = entry.Key;
            }

            returned++;
        }

        return new S3Listing(objects, commonPrefixes, false, lastReturned);
    }
}
