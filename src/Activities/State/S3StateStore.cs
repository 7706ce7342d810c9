using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Util;

namespace CoderBootstrap.Activities.State;

/// <summary>
/// Keeps each environment's <c>infra</c> and <c>coder</c> state documents in object storage, in a
/// bucket per environment (<c>terraform-state-coder-&lt;env&gt;</c>, created when missing).
/// Every write is a new immutable object <c>&lt;kind&gt;/history/&lt;sequence&gt;-&lt;utc timestamp&gt;.json</c>
/// (zero-padded sequence first, so key order is write order) and is copied to
/// <c>&lt;kind&gt;/current.json</c>; history is listed from the keys, without relying on bucket
/// versioning. One writer per environment is assumed (the workflow id is per environment): the
/// store does not lock.
/// </summary>
public sealed class S3StateStore
{
    public const string DefaultBucketPrefix = "terraform-state-coder-";
    private const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    private readonly IAmazonS3 _s3;
    private readonly string _bucketPrefix;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, bool> _ensuredBuckets = new(StringComparer.Ordinal);

    public S3StateStore(IAmazonS3 s3, string bucketPrefix = DefaultBucketPrefix, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        _s3 = s3;
        _bucketPrefix = bucketPrefix;
        _time = timeProvider ?? TimeProvider.System;
    }

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Keys asked per listing request (S3's maximum is 1000).</summary>
    public int ListPageSize { get; init; } = 1000;

    public string BucketName(string environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(environment);
        var bucket = _bucketPrefix + environment;
        if (bucket.Length is < 3 or > 63 || bucket.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
        {
            throw new StateStoreException($"'{bucket}' is not a valid bucket name (3-63 lowercase letters, digits, dots, hyphens)");
        }
        return bucket;
    }

    public static string CurrentKey(StateKind kind) => $"{Prefix(kind)}/current.json";

    /// <summary>Creates the environment's bucket unless it exists already.</summary>
    public async Task<string> EnsureBucketAsync(string environment, CancellationToken cancellationToken = default)
    {
        var bucket = BucketName(environment);
        if (_ensuredBuckets.ContainsKey(bucket))
        {
            return bucket;
        }
        if (!await AmazonS3Util.DoesS3BucketExistV2Async(_s3, bucket).ConfigureAwait(false))
        {
            try
            {
                await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "BucketAlreadyOwnedByYou")
            {
                // Created concurrently by ourselves: fine.
            }
        }
        _ensuredBuckets[bucket] = true;
        return bucket;
    }

    public Task<StateDocument<InfraState>> WriteInfraAsync(InfraState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WriteAsync(state.Environment, StateKind.Infra, state, cancellationToken);
    }

    public Task<StateDocument<CoderState>> WriteCoderAsync(CoderState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WriteAsync(state.Environment, StateKind.Coder, state, cancellationToken);
    }

    public Task<StateDocument<CostState>> WriteCostAsync(CostState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WriteAsync(state.Environment, StateKind.Cost, state, cancellationToken);
    }

    /// <summary>The latest cost state of <paramref name="environment"/>, or null when none was written.</summary>
    public Task<StateDocument<CostState>?> ReadCostAsync(string environment, CancellationToken cancellationToken = default) =>
        ReadObjectAsync<CostState>(environment, CurrentKey(StateKind.Cost), cancellationToken);

    /// <summary>The latest infra state of <paramref name="environment"/>, or null when none was written.</summary>
    public Task<StateDocument<InfraState>?> ReadInfraAsync(string environment, CancellationToken cancellationToken = default) =>
        ReadObjectAsync<InfraState>(environment, CurrentKey(StateKind.Infra), cancellationToken);

    /// <summary>The latest coder state of <paramref name="environment"/>, or null when none was written.</summary>
    public Task<StateDocument<CoderState>?> ReadCoderAsync(string environment, CancellationToken cancellationToken = default) =>
        ReadObjectAsync<CoderState>(environment, CurrentKey(StateKind.Coder), cancellationToken);

    public async Task<StateDocument<InfraState>> ReadInfraVersionAsync(string environment, long sequence, CancellationToken cancellationToken = default) =>
        await ReadVersionAsync<InfraState>(environment, StateKind.Infra, sequence, cancellationToken).ConfigureAwait(false);

    public async Task<StateDocument<CoderState>> ReadCoderVersionAsync(string environment, long sequence, CancellationToken cancellationToken = default) =>
        await ReadVersionAsync<CoderState>(environment, StateKind.Coder, sequence, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Deletes the environment's state bucket with everything in it (state history, kubeconfig,
    /// credentials objects); a bucket already gone counts as done. Backups live in a bucket of their own and are never touched.
    /// </summary>
    public async Task<(int ObjectsDeleted, bool BucketDeleted)> PurgeBucketAsync(string environment, CancellationToken cancellationToken = default)
    {
        var bucket = BucketName(environment);
        if (!await AmazonS3Util.DoesS3BucketExistV2Async(_s3, bucket).ConfigureAwait(false))
        {
            _ensuredBuckets.TryRemove(bucket, out _);
            return (0, false);
        }
        var deleted = 0;
        while (true)
        {
            var listing = await _s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, MaxKeys = ListPageSize }, cancellationToken).ConfigureAwait(false);
            var keys = listing.S3Objects ?? [];
            if (keys.Count == 0)
            {
                break;
            }
            foreach (var item in keys)
            {
                await _s3.DeleteObjectAsync(bucket, item.Key, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
        }
        try
        {
            await _s3.DeleteBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
        }
        _ensuredBuckets.TryRemove(bucket, out _);
        return (deleted, true);
    }

    /// <summary>Every stored version of a document, oldest first; empty when none (or no bucket) exists.</summary>
    public async Task<IReadOnlyList<StateVersion>> ListHistoryAsync(string environment, StateKind kind, CancellationToken cancellationToken = default)
    {
        var bucket = BucketName(environment);
        var prefix = $"{Prefix(kind)}/history/";
        var versions = new List<StateVersion>();
        string? startAfter = null;
        try
        {
            do
            {
                // ListObjects (v1) with the last key as marker: continuation tokens of v2 are not
                // implemented alike everywhere (s3rver cannot issue them on current Node.js).
                var response = await _s3.ListObjectsAsync(new ListObjectsRequest
                {
                    BucketName = bucket,
                    Prefix = prefix,
                    MaxKeys = ListPageSize,
                    Marker = startAfter,
                }, cancellationToken).ConfigureAwait(false);
                foreach (var item in response.S3Objects ?? [])
                {
                    if (TryParseHistoryKey(item.Key[prefix.Length..], out var sequence, out var writtenAt))
                    {
                        versions.Add(new StateVersion(bucket, item.Key, sequence, writtenAt, item.Size ?? 0));
                    }
                }
                var keys = response.S3Objects ?? [];
                startAfter = response.IsTruncated == true && keys.Count > 0 ? keys[^1].Key : null;
            }
            while (startAfter is not null);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        return versions.OrderBy(v => v.Sequence).ToList();
    }

    private async Task<StateDocument<T>> WriteAsync<T>(string environment, StateKind kind, T content, CancellationToken cancellationToken)
    {
        var bucket = await EnsureBucketAsync(environment, cancellationToken).ConfigureAwait(false);
        var history = await ListHistoryAsync(environment, kind, cancellationToken).ConfigureAwait(false);
        var sequence = history.Count == 0 ? 1 : history[^1].Sequence + 1;
        var writtenAt = _time.GetUtcNow();
        var document = new StateDocument<T>(environment, kind, sequence, writtenAt, content);
        var json = JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions);
        using (var parsed = JsonDocument.Parse(json))
        {
            StateSecretGuard.EnsureNoSecrets(parsed.RootElement);
        }

        var historyKey = $"{Prefix(kind)}/history/{sequence.ToString("D8", CultureInfo.InvariantCulture)}-{writtenAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture)}.json";
        await PutJsonAsync(bucket, historyKey, json, cancellationToken).ConfigureAwait(false);
        await PutJsonAsync(bucket, CurrentKey(kind), json, cancellationToken).ConfigureAwait(false);
        return document;
    }

    private async Task<StateDocument<T>> ReadVersionAsync<T>(string environment, StateKind kind, long sequence, CancellationToken cancellationToken)
    {
        var history = await ListHistoryAsync(environment, kind, cancellationToken).ConfigureAwait(false);
        var version = history.FirstOrDefault(v => v.Sequence == sequence)
            ?? throw new StateStoreException($"no {kind.ToString().ToLowerInvariant()} state version {sequence} for environment '{environment}' (versions: {(history.Count == 0 ? "none" : $"1..{history[^1].Sequence}")})");
        return await ReadObjectAsync<T>(environment, version.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new StateStoreException($"state object {version.Key} disappeared while reading it");
    }

    private async Task<StateDocument<T>?> ReadObjectAsync<T>(string environment, string key, CancellationToken cancellationToken)
    {
        var bucket = BucketName(environment);
        try
        {
            using var response = await _s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync<StateDocument<T>>(response.ResponseStream, JsonOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new StateStoreException($"state object s3://{bucket}/{key} is empty");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (JsonException ex)
        {
            throw new StateStoreException($"state object s3://{bucket}/{key} is not a readable state document: {ex.Message}", ex);
        }
    }

    private async Task PutJsonAsync(string bucket, string key, byte[] json, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(json, writable: false);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = stream,
            ContentType = "application/json",
            CannedACL = S3CannedACL.Private,
            UseChunkEncoding = false,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryParseHistoryKey(string name, out long sequence, out DateTimeOffset writtenAt)
    {
        sequence = 0;
        writtenAt = default;
        var parts = name.Split('-', 2);
        return parts.Length == 2
            && parts[1].EndsWith(".json", StringComparison.Ordinal)
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && DateTimeOffset.TryParseExact(parts[1][..^".json".Length], TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out writtenAt);
    }

    private static string Prefix(StateKind kind) => kind switch
    {
        StateKind.Infra => "infra",
        StateKind.Coder => "coder",
        StateKind.Cost => "cost",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown state kind"),
    };
}
