namespace CoderBootstrap.Sandbox.S3;

/// <summary>Everything the emulated S3 knows except object bytes; persisted as one state document.</summary>
internal sealed class S3StorageDocument
{
    public List<S3BucketRecord> Buckets { get; set; } = [];

    public List<S3MultipartUploadRecord> Uploads { get; set; } = [];
}

internal sealed class S3BucketRecord
{
    public string Name { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary><c>null</c> (never enabled), <c>Enabled</c> or <c>Suspended</c>, as S3 reports it.</summary>
    public string? VersioningStatus { get; set; }

    /// <summary>Stored bucket sub-resource documents (tagging, lifecycle, policy, cors, encryption) by sub-resource name.</summary>
    public Dictionary<string, string> Configurations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Versions of each key, oldest first; the last one is the current version.</summary>
    public SortedDictionary<string, List<S3ObjectVersionRecord>> Objects { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class S3ObjectVersionRecord
{
    /// <summary>The literal <c>null</c> for versions written while versioning was off or suspended.</summary>
    public string VersionId { get; set; } = S3ObjectVersionIds.Null;

    public bool IsDeleteMarker { get; set; }

    public string? BlobId { get; set; }

    public string ETag { get; set; } = "";

    public long Size { get; set; }

    public DateTimeOffset LastModified { get; set; }

    public S3ObjectHeaders Headers { get; set; } = new();
}

/// <summary>The headers stored with an object and returned on GET / HEAD.</summary>
internal sealed class S3ObjectHeaders
{
    public string ContentType { get; set; } = "binary/octet-stream";

    public string? ContentEncoding { get; set; }

    public string? ContentDisposition { get; set; }

    public string? ContentLanguage { get; set; }

    public string? CacheControl { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Object tags (key to value), set by <c>x-amz-tagging</c> or <c>PUT ?tagging</c>.</summary>
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    public S3ObjectHeaders With(Dictionary<string, string> tags) => new()
    {
        ContentType = ContentType,
        ContentEncoding = ContentEncoding,
        ContentDisposition = ContentDisposition,
        ContentLanguage = ContentLanguage,
        CacheControl = CacheControl,
        Metadata = new Dictionary<string, string>(Metadata, StringComparer.OrdinalIgnoreCase),
        Tags = tags,
    };
}

internal sealed class S3MultipartUploadRecord
{
    public string UploadId { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string Key { get; set; } = "";

    public DateTimeOffset Initiated { get; set; }

    public S3ObjectHeaders Headers { get; set; } = new();

    public SortedDictionary<int, S3PartRecord> Parts { get; set; } = [];
}

internal sealed class S3PartRecord
{
    public string BlobId { get; set; } = "";

    public string ETag { get; set; } = "";

    public long Size { get; set; }

    public DateTimeOffset LastModified { get; set; }
}
