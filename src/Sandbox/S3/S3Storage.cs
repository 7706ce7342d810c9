using System.Security.Cryptography;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>
/// Buckets, object versions and multipart uploads of the emulated S3. Metadata lives in one state
/// document saved after every change; bytes live in the blob store. All metadata access is serialized.
/// </summary>
internal sealed class S3Storage
{
    private const string StateKey = "s3.storage";

    private readonly Lock _gate = new();
    private readonly ISandboxStateStore _stateStore;
    private readonly IS3BlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly S3StorageDocument _document;

    public S3Storage(ISandboxStateStore stateStore, IS3BlobStore blobs, TimeProvider time)
    {
        _stateStore = stateStore;
        _blobs = blobs;
        _time = time;
        _document = stateStore.Load<S3StorageDocument>(StateKey) ?? new S3StorageDocument();
    }

    public IS3BlobStore Blobs => _blobs;

    public void CreateBucket(string name)
    {
        lock (_gate)
        {
            if (_document.Buckets.Any(b => b.Name == name))
            {
                throw new S3Exception(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.") { BucketName = name };
            }

            _document.Buckets.Add(new S3BucketRecord { Name = name, CreatedAt = Now() });
            Persist();
        }
    }

    public void EnsureBucketExists(string name)
    {
        lock (_gate)
        {
            FindBucket(name);
        }
    }

    public IReadOnlyList<(string Name, DateTimeOffset CreatedAt)> ListBuckets()
    {
        lock (_gate)
        {
            return _document.Buckets.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => (b.Name, b.CreatedAt)).ToList();
        }
    }

    public void DeleteBucket(string name)
    {
        lock (_gate)
        {
            var bucket = FindBucket(name);
            if (bucket.Objects.Count > 0)
            {
                throw new S3Exception(409, "BucketNotEmpty", "The bucket you tried to delete is not empty") { BucketName = name };
            }

            foreach (var upload in _document.Uploads.Where(u => u.Bucket == name).ToList())
            {
                _document.Uploads.Remove(upload);
                DeleteBlobs(upload.Parts.Values.Select(p => p.BlobId));
            }

            _document.Buckets.Remove(bucket);
            Persist();
        }
    }

    public string? GetVersioning(string name)
    {
        lock (_gate)
        {
            return FindBucket(name).VersioningStatus;
        }
    }

    public void SetVersioning(string name, string status)
    {
        lock (_gate)
        {
            FindBucket(name).VersioningStatus = status;
            Persist();
        }
    }

    public string? GetConfiguration(string name, string subresource)
    {
        lock (_gate)
        {
            return FindBucket(name).Configurations.TryGetValue(subresource, out var document) ? document : null;
        }
    }

    public void SetConfiguration(string name, string subresource, string? document)
    {
        lock (_gate)
        {
            var bucket = FindBucket(name);
            if (document is null)
            {
                bucket.Configurations.Remove(subresource);
            }
            else
            {
                bucket.Configurations[subresource] = document;
            }

            Persist();
        }
    }

    /// <summary>Stores new bytes as the current version of a key; returns the new version.</summary>
    public async Task<S3ObjectVersionRecord> PutObjectAsync(string bucketName, string key, byte[] content, S3ObjectHeaders headers, CancellationToken cancellationToken)
    {
        EnsureBucketExists(bucketName);
        var blobId = S3ObjectVersionIds.NewBlobId();
        await _blobs.WriteAsync(blobId, content, cancellationToken);
        var etag = "\"" + Convert.ToHexStringLower(MD5.HashData(content)) + "\"";
        try
        {
            return AddVersion(bucketName, key, blobId, etag, content.LongLength, headers);
        }
        catch
        {
            _blobs.Delete(blobId);
            throw;
        }
    }

    public S3ObjectVersionRecord GetVersion(string bucketName, string key, string? versionId)
    {
        lock (_gate)
        {
            var bucket = FindBucket(bucketName);
            if (!bucket.Objects.TryGetValue(key, out var versions) || versions.Count == 0)
            {
                throw versionId is null ? S3Exception.NoSuchKey(bucketName, key) : S3Exception.NoSuchVersion(bucketName, key);
            }

            if (versionId is null)
            {
                var current = versions[^1];
                if (current.IsDeleteMarker)
                {
                    throw new S3Exception(404, "NoSuchKey", "The specified key does not exist.")
                    {
                        BucketName = bucketName,
                        Key = key,
                        ExtraHeaders = new Dictionary<string, string> { ["x-amz-delete-marker"] = "true", ["x-amz-version-id"] = current.VersionId },
                    };
                }

                return current;
            }

            var version = versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw S3Exception.NoSuchVersion(bucketName, key);
            if (version.IsDeleteMarker)
            {
                throw new S3Exception(405, "MethodNotAllowed", "The specified method is not allowed against this resource.") { BucketName = bucketName, Key = key };
            }

            return version;
        }
    }

    /// <summary>Replaces the tags of the current version (or of <paramref name="versionId"/>); returns the version id touched.</summary>
    public string SetObjectTags(string bucketName, string key, string? versionId, Dictionary<string, string> tags)
    {
        lock (_gate)
        {
            var version = GetVersion(bucketName, key, versionId);
            version.Headers = version.Headers.With(tags);
            Persist();
            return version.VersionId;
        }
    }

    /// <summary>Deletes a key as S3 does; returns the version id touched and whether it is a delete marker.</summary>
    public (string? VersionId, bool DeleteMarker) DeleteObject(string bucketName, string key, string? versionId)
    {
        List<string?> releasedBlobs = [];
        (string?, bool) result;
        lock (_gate)
        {
            var bucket = FindBucket(bucketName);
            bucket.Objects.TryGetValue(key, out var versions);
            if (versionId is not null)
            {
                var version = versions?.FirstOrDefault(v => v.VersionId == versionId);
                if (version is null)
                {
                    if (versionId != S3ObjectVersionIds.Null && !IsPlausibleVersionId(versionId))
                    {
                        throw S3Exception.InvalidArgument("Invalid version id specified");
                    }

                    return (versionId, false);
                }

                versions!.Remove(version);
                releasedBlobs.Add(version.BlobId);
                result = (versionId, version.IsDeleteMarker);
            }
            else if (bucket.VersioningStatus is null)
            {
                if (versions is not null)
                {
                    releasedBlobs.AddRange(versions.Select(v => v.BlobId));
                    versions.Clear();
                }

                result = (null, false);
            }
            else
            {
                versions ??= bucket.Objects[key] = [];
                var markerId = bucket.VersioningStatus == "Enabled" ? S3ObjectVersionIds.NewVersionId() : S3ObjectVersionIds.Null;
                releasedBlobs.AddRange(RemoveNullVersion(versions, markerId));
                versions.Add(new S3ObjectVersionRecord { VersionId = markerId, IsDeleteMarker = true, LastModified = Now() });
                result = (markerId, true);
            }

            if (versions is { Count: 0 })
            {
                bucket.Objects.Remove(key);
            }

            Persist();
        }

        DeleteBlobs(releasedBlobs);
        return result;
    }

    public IReadOnlyList<(string Key, S3ObjectVersionRecord Current)> ListCurrentObjects(string bucketName, string prefix)
    {
        lock (_gate)
        {
            return FindBucket(bucketName).Objects
                .Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal) && entry.Value.Count > 0 && !entry.Value[^1].IsDeleteMarker)
                .Select(entry => (entry.Key, entry.Value[^1]))
                .OrderBy(entry => entry.Key, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Every version of every key under the prefix: keys in order, newest version first.</summary>
    public IReadOnlyList<(string Key, S3ObjectVersionRecord Version, bool IsLatest)> ListVersions(string bucketName, string prefix)
    {
        lock (_gate)
        {
            return FindBucket(bucketName).Objects
                .Where(entry => entry.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(entry => entry.Key, StringComparer.Ordinal)
                .SelectMany(entry => Enumerable.Reverse(entry.Value).Select((version, index) => (entry.Key, version, index == 0)))
                .ToList();
        }
    }

    public S3MultipartUploadRecord CreateMultipartUpload(string bucketName, string key, S3ObjectHeaders headers)
    {
        lock (_gate)
        {
            FindBucket(bucketName);
            var upload = new S3MultipartUploadRecord
            {
                UploadId = S3ObjectVersionIds.NewUploadId(),
                Bucket = bucketName,
                Key = key,
                Initiated = Now(),
                Headers = headers,
            };
            _document.Uploads.Add(upload);
            Persist();
            return upload;
        }
    }

    public async Task<string> UploadPartAsync(string bucketName, string key, string uploadId, int partNumber, byte[] content, CancellationToken cancellationToken)
    {
        if (partNumber is < 1 or > 10000)
        {
            throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive");
        }

        lock (_gate)
        {
            FindUpload(bucketName, key, uploadId);
        }

        var blobId = S3ObjectVersionIds.NewBlobId();
        await _blobs.WriteAsync(blobId, content, cancellationToken);
        var etag = "\"" + Convert.ToHexStringLower(MD5.HashData(content)) + "\"";
        string? replacedBlob = null;
        lock (_gate)
        {
            var upload = _document.Uploads.FirstOrDefault(u => u.UploadId == uploadId);
            if (upload is null)
            {
                _blobs.Delete(blobId);
                throw S3Exception.NoSuchUpload(bucketName, key);
            }

            if (upload.Parts.TryGetValue(partNumber, out var previous))
            {
                replacedBlob = previous.BlobId;
            }

            upload.Parts[partNumber] = new S3PartRecord { BlobId = blobId, ETag = etag, Size = content.LongLength, LastModified = Now() };
            Persist();
        }

        DeleteBlobs([replacedBlob]);
        return etag;
    }

    public IReadOnlyList<S3MultipartUploadRecord> ListUploads(string bucketName, string prefix)
    {
        lock (_gate)
        {
            FindBucket(bucketName);
            return _document.Uploads
                .Where(u => u.Bucket == bucketName && u.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(u => u.Key, StringComparer.Ordinal)
                .ThenBy(u => u.Initiated)
                .ToList();
        }
    }

    /// <summary>The parts uploaded so far, in part-number order.</summary>
    public IReadOnlyList<(int PartNumber, S3PartRecord Part)> ListParts(string bucketName, string key, string uploadId)
    {
        lock (_gate)
        {
            return FindUpload(bucketName, key, uploadId).Parts.Select(p => (p.Key, p.Value)).ToList();
        }
    }

    public S3MultipartUploadRecord GetUpload(string bucketName, string key, string uploadId)
    {
        lock (_gate)
        {
            return FindUpload(bucketName, key, uploadId);
        }
    }

    public async Task<S3ObjectVersionRecord> CompleteMultipartUploadAsync(
        string bucketName,
        string key,
        string uploadId,
        IReadOnlyList<(int PartNumber, string ETag)> requestedParts,
        CancellationToken cancellationToken)
    {
        const long minimumPartSize = 5 * 1024 * 1024;
        List<S3PartRecord> parts;
        S3ObjectHeaders headers;
        lock (_gate)
        {
            var upload = FindUpload(bucketName, key, uploadId);
            if (requestedParts.Count == 0)
            {
                throw S3Exception.MalformedXml();
            }

            for (var i = 1; i < requestedParts.Count; i++)
            {
                if (requestedParts[i].PartNumber <= requestedParts[i - 1].PartNumber)
                {
                    throw new S3Exception(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
                }
            }

            parts = [];
            foreach (var (partNumber, etag) in requestedParts)
            {
                if (!upload.Parts.TryGetValue(partNumber, out var part) || !SameETag(part.ETag, etag))
                {
                    throw new S3Exception(400, "InvalidPart", "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.");
                }

                parts.Add(part);
            }

            if (parts.Take(parts.Count - 1).Any(p => p.Size < minimumPartSize))
            {
                throw new S3Exception(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
            }

            headers = upload.Headers;
        }

        using var assembled = new MemoryStream();
        using var etagHashes = new MemoryStream();
        foreach (var part in parts)
        {
            var bytes = await _blobs.ReadAsync(part.BlobId, cancellationToken)
                ?? throw new S3Exception(400, "InvalidPart", "One or more of the specified parts could not be found.");
            await assembled.WriteAsync(bytes, cancellationToken);
            await etagHashes.WriteAsync(Convert.FromHexString(part.ETag.Trim('"')), cancellationToken);
        }

        var content = assembled.ToArray();
        var blobId = S3ObjectVersionIds.NewBlobId();
        await _blobs.WriteAsync(blobId, content, cancellationToken);
        var multipartETag = $"\"{Convert.ToHexStringLower(MD5.HashData(etagHashes.ToArray()))}-{parts.Count}\"";

        S3MultipartUploadRecord? completed;
        lock (_gate)
        {
            completed = _document.Uploads.FirstOrDefault(u => u.UploadId == uploadId);
            if (completed is null)
            {
                _blobs.Delete(blobId);
                throw S3Exception.NoSuchUpload(bucketName, key);
            }

            _document.Uploads.Remove(completed);
        }

        var version = AddVersion(bucketName, key, blobId, multipartETag, content.LongLength, headers);
        DeleteBlobs(completed.Parts.Values.Select(p => p.BlobId));
        return version;
    }

    public void AbortMultipartUpload(string bucketName, string key, string uploadId)
    {
        S3MultipartUploadRecord upload;
        lock (_gate)
        {
            upload = FindUpload(bucketName, key, uploadId);
            _document.Uploads.Remove(upload);
            Persist();
        }

        DeleteBlobs(upload.Parts.Values.Select(p => p.BlobId));
    }

    private S3ObjectVersionRecord AddVersion(string bucketName, string key, string blobId, string etag, long size, S3ObjectHeaders headers)
    {
        List<string?> releasedBlobs;
        S3ObjectVersionRecord version;
        lock (_gate)
        {
            var bucket = FindBucket(bucketName);
            if (!bucket.Objects.TryGetValue(key, out var versions))
            {
                versions = bucket.Objects[key] = [];
            }

            var versionId = bucket.VersioningStatus == "Enabled" ? S3ObjectVersionIds.NewVersionId() : S3ObjectVersionIds.Null;
            releasedBlobs = RemoveNullVersion(versions, versionId);
            version = new S3ObjectVersionRecord
            {
                VersionId = versionId,
                BlobId = blobId,
                ETag = etag,
                Size = size,
                LastModified = Now(),
                Headers = headers,
            };
            versions.Add(version);
            Persist();
        }

        DeleteBlobs(releasedBlobs);
        return version;
    }

    /// <summary>A write with the <c>null</c> version id replaces the previous <c>null</c> version.</summary>
    private static List<string?> RemoveNullVersion(List<S3ObjectVersionRecord> versions, string newVersionId)
    {
        if (newVersionId != S3ObjectVersionIds.Null)
        {
            return [];
        }

        var replaced = versions.Where(v => v.VersionId == S3ObjectVersionIds.Null).ToList();
        versions.RemoveAll(v => v.VersionId == S3ObjectVersionIds.Null);
        return replaced.Select(v => v.BlobId).ToList();
    }

    private void DeleteBlobs(IEnumerable<string?> blobIds)
    {
        foreach (var blobId in blobIds)
        {
            if (blobId is not null)
            {
                _blobs.Delete(blobId);
            }
        }
    }

    private S3BucketRecord FindBucket(string name) =>
        _document.Buckets.FirstOrDefault(b => b.Name == name) ?? throw S3Exception.NoSuchBucket(name);

    private S3MultipartUploadRecord FindUpload(string bucketName, string key, string uploadId)
    {
        FindBucket(bucketName);
        return _document.Uploads.FirstOrDefault(u => u.UploadId == uploadId && u.Bucket == bucketName && u.Key == key)
            ?? throw S3Exception.NoSuchUpload(bucketName, key);
    }

    private static bool SameETag(string stored, string requested) =>
        string.Equals(stored.Trim('"'), requested.Trim().Trim('"'), StringComparison.OrdinalIgnoreCase);

    private static bool IsPlausibleVersionId(string versionId) => versionId.Length == 32;

    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private void Persist() => _stateStore.Save(StateKey, _document);
}
