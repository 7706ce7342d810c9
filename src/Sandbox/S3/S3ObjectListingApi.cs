using System.Text;
using System.Xml.Linq;
using static CoderBootstrap.Sandbox.S3.S3Http;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>Listing a bucket: objects (ListObjects v1 and v2, prefixes, delimiters, continuation) and object versions.</summary>
internal sealed class S3ObjectListingApi(S3Storage storage)
{
    public async Task ListObjectsAsync(S3Request request)
    {
        var query = request.Query;
        var isVersion2 = query["list-type"] == "2";
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString();
        var maxKeys = ParseMaxKeys(query["max-keys"].ToString());
        var urlEncoded = query["encoding-type"] == "url";
        string Encode(string value) => urlEncoded ? Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal) : value;

        string? continuationToken = query.ContainsKey("continuation-token") ? query["continuation-token"].ToString() : null;
        var startAfter = isVersion2 ? query["start-after"].ToString() : query["marker"].ToString();
        var marker = startAfter;
        if (continuationToken is not null)
        {
            marker = DecodeContinuationToken(continuationToken);
        }

        var page = S3Listing.Page(storage.ListCurrentObjects(request.Bucket!, prefix), prefix, delimiter, marker, maxKeys);
        var contents = page.Objects.Select(o => S3Xml.Element("Contents",
            S3Xml.Element("Key", Encode(o.Key)),
            S3Xml.Element("LastModified", S3Xml.Timestamp(o.Current.LastModified)),
            S3Xml.Element("ETag", o.Current.ETag),
            S3Xml.Element("Size", o.Current.Size),
            S3Xml.Element("StorageClass", "STANDARD"),
            isVersion2 && query["fetch-owner"] != "true" ? null : S3Xml.Owner()));
        var commonPrefixes = page.CommonPrefixes.Select(p => S3Xml.Element("CommonPrefixes", S3Xml.Element("Prefix", Encode(p))));

        XElement result;
        if (isVersion2)
        {
            result = S3Xml.Element("ListBucketResult",
                S3Xml.Element("Name", request.Bucket),
                S3Xml.Element("Prefix", Encode(prefix)),
                delimiter.Length > 0 ? S3Xml.Element("Delimiter", Encode(delimiter)) : null,
                S3Xml.Element("MaxKeys", maxKeys),
                S3Xml.Element("KeyCount", page.Objects.Count + page.CommonPrefixes.Count),
                S3Xml.Element("IsTruncated", S3Xml.Bool(page.IsTruncated)),
                continuationToken is null ? null : S3Xml.Element("ContinuationToken", continuationToken),
                page.IsTruncated ? S3Xml.Element("NextContinuationToken", EncodeContinuationToken(page.LastReturned!)) : null,
                startAfter.Length > 0 ? S3Xml.Element("StartAfter", Encode(startAfter)) : null,
                urlEncoded ? S3Xml.Element("EncodingType", "url") : null,
                contents,
                commonPrefixes);
        }
        else
        {
            result = S3Xml.Element("ListBucketResult",
                S3Xml.Element("Name", request.Bucket),
                S3Xml.Element("Prefix", Encode(prefix)),
                S3Xml.Element("Marker", Encode(startAfter)),
                page.IsTruncated && delimiter.Length > 0 ? S3Xml.Element("NextMarker", Encode(page.LastReturned!)) : null,
                delimiter.Length > 0 ? S3Xml.Element("Delimiter", Encode(delimiter)) : null,
                S3Xml.Element("MaxKeys", maxKeys),
                S3Xml.Element("IsTruncated", S3Xml.Bool(page.IsTruncated)),
                urlEncoded ? S3Xml.Element("EncodingType", "url") : null,
                contents,
                commonPrefixes);
        }

        await WriteXmlAsync(request.Context, 200, result);
    }

    public async Task ListVersionsAsync(S3Request request)
    {
        var query = request.Query;
        var prefix = query["prefix"].ToString();
        var maxKeys = ParseMaxKeys(query["max-keys"].ToString());
        var keyMarker = query["key-marker"].ToString();
        var versionIdMarker = query["version-id-marker"].ToString();
        var versions = storage.ListVersions(request.Bucket!, prefix);

        var startIndex = 0;
        if (keyMarker.Length > 0)
        {
            var markerIndex = versionIdMarker.Length > 0
                ? versions.ToList().FindIndex(v => v.Key == keyMarker && v.Version.VersionId == versionIdMarker)
                : -1;
            startIndex = markerIndex >= 0
                ? markerIndex + 1
                : versions.Count(v => string.CompareOrdinal(v.Key, keyMarker) <= 0);
        }

        var page = versions.Skip(startIndex).Take(maxKeys).ToList();
        var isTruncated = startIndex + page.Count < versions.Count;
        var entries = page.Select(v => v.Version.IsDeleteMarker
            ? S3Xml.Element("DeleteMarker",
                S3Xml.Element("Key", v.Key),
                S3Xml.Element("VersionId", v.Version.VersionId),
                S3Xml.Element("IsLatest", S3Xml.Bool(v.IsLatest)),
                S3Xml.Element("LastModified", S3Xml.Timestamp(v.Version.LastModified)),
                S3Xml.Owner())
            : S3Xml.Element("Version",
                S3Xml.Element("Key", v.Key),
                S3Xml.Element("VersionId", v.Version.VersionId),
                S3Xml.Element("IsLatest", S3Xml.Bool(v.IsLatest)),
                S3Xml.Element("LastModified", S3Xml.Timestamp(v.Version.LastModified)),
                S3Xml.Element("ETag", v.Version.ETag),
                S3Xml.Element("Size", v.Version.Size),
                S3Xml.Element("StorageClass", "STANDARD"),
                S3Xml.Owner()));

        await WriteXmlAsync(request.Context, 200, S3Xml.Element("ListVersionsResult",
            S3Xml.Element("Name", request.Bucket),
            S3Xml.Element("Prefix", prefix),
            S3Xml.Element("KeyMarker", keyMarker),
            S3Xml.Element("VersionIdMarker", versionIdMarker),
            isTruncated ? S3Xml.Element("NextKeyMarker", page[^1].Key) : null,
            isTruncated ? S3Xml.Element("NextVersionIdMarker", page[^1].Version.VersionId) : null,
            S3Xml.Element("MaxKeys", maxKeys),
            S3Xml.Element("IsTruncated", S3Xml.Bool(isTruncated)),
            entries));
    }

    private static string EncodeContinuationToken(string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastKey));

    private static string DecodeContinuationToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Exception.InvalidArgument("The continuation token provided is incorrect");
        }
    }
}
