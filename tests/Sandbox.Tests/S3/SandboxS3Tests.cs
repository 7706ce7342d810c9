using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.S3;
using CoderBootstrap.Sandbox.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>
/// Behaviour only the sandbox's S3 has (see <see cref="S3CompatibilityTests"/> for what s3rver lacks),
/// plus fault injection, operation reporting and restart persistence. Each test starts its own server.
/// </summary>
public sealed class SandboxS3Tests : IAsyncLifetime
{
    private const string AccessKey = "SCWSANDBOXACCESSKEY1";
    private const string SecretKey = "sandbox-secret-key-1111-1111-111111111111";

    private readonly List<IAsyncDisposable> _servers = [];
    private readonly List<IDisposable> _disposables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }
    }

    private async Task<S3Server> StartAsync(TestSandboxRuntime? runtime = null, string? blobDirectory = null)
    {
        var server = new S3Server(runtime ?? new TestSandboxRuntime(), AccessKey, SecretKey, NullLoggerFactory.Instance, blobDirectory);
        _servers.Add(server);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private AmazonS3Client Client(S3Server server, string secretKey = SecretKey, int maxErrorRetry = 2)
    {
        var client = S3TestClients.Create(server.BaseUrl, AccessKey, secretKey, maxErrorRetry);
        _disposables.Add(client);
        return client;
    }

    private async Task<(AmazonS3Client Client, string Bucket)> NewBucketAsync(S3Server server)
    {
        var client = Client(server);
        var bucket = S3TestClients.NewBucketName();
        await client.PutBucketAsync(bucket);
        return (client, bucket);
    }

    private static async Task<string> ReadTextAsync(AmazonS3Client client, string bucket, string key, string? versionId = null)
    {
        using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    private static Task PutTextAsync(AmazonS3Client client, string bucket, string key, string text) =>
        client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = text, UseChunkEncoding = false });

    [Fact]
    public async Task RequestSignedWithTheWrongSecretFailsWithSignatureDoesNotMatch()
    {
        var server = await StartAsync();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Client(server, secretKey: "wrong-secret").ListBucketsAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    [Fact]
    public async Task AnonymousRequestIsDeniedWithAnXmlErrorBody()
    {
        var server = await StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.BaseUrl + "/some-bucket/key");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Code>AccessDenied</Code>", body);
        Assert.Contains("<Resource>/some-bucket/key</Resource>", body);
    }

    [Fact]
    public async Task TamperedPresignedUrlFailsWithSignatureDoesNotMatch()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await PutTextAsync(client, bucket, "one", "1");
        await PutTextAsync(client, bucket, "two", "2");
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "one",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();

        using var response = await http.GetAsync(url.Replace($"/{bucket}/one?", $"/{bucket}/two?", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SdkChunkEncodedUploadIsStoredDecoded()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var content = RandomNumberGenerator.GetBytes(200_000);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "chunked", InputStream = new MemoryStream(content), UseChunkEncoding = true });
        using var get = await client.GetObjectAsync(bucket, "chunked");
        using var buffer = new MemoryStream();
        await get.ResponseStream.CopyToAsync(buffer);

        Assert.Equal(content, buffer.ToArray());
        Assert.Equal(200_000, get.ContentLength);
    }

    [Fact]
    public async Task SdkUploadWithATrailingChecksumIsStoredDecoded()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var content = RandomNumberGenerator.GetBytes(100_000);

        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "with-checksum",
            InputStream = new MemoryStream(content),
            UseChunkEncoding = true,
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });
        using var get = await client.GetObjectAsync(bucket, "with-checksum");
        using var buffer = new MemoryStream();
        await get.ResponseStream.CopyToAsync(buffer);

        Assert.Equal(content, buffer.ToArray());
    }

    [Theory]
    [InlineData("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")]
    [InlineData("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")]
    [InlineData("STREAMING-UNSIGNED-PAYLOAD-TRAILER")]
    public async Task AwsChunkedPayloadIsDecodedForEachStreamingMode(string payloadMode)
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var content = RandomNumberGenerator.GetBytes(70_000);
        using var request = new SigV4TestRequestBuilder(server.BaseUrl, AccessKey, SecretKey).BuildStreamingPut(bucket, "streamed", content, payloadMode, chunkSize: 16 * 1024);
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);
        using var get = await client.GetObjectAsync(bucket, "streamed");
        using var buffer = new MemoryStream();
        await get.ResponseStream.CopyToAsync(buffer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, buffer.ToArray());
    }

    [Fact]
    public async Task AwsChunkedPayloadWithATamperedChunkFailsWithSignatureDoesNotMatch()
    {
        var server = await StartAsync();
        var (_, bucket) = await NewBucketAsync(server);
        var content = RandomNumberGenerator.GetBytes(50_000);
        using var request = new SigV4TestRequestBuilder(server.BaseUrl, AccessKey, SecretKey)
            .BuildStreamingPut(bucket, "tampered", content, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", chunkSize: 16 * 1024, tamperSecondChunk: true);
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ContentMd5NotMatchingThePayloadFailsWithBadDigest()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "k", Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent("payload") };
        request.Content.Headers.ContentMD5 = MD5.HashData("other"u8.ToArray());

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PresignedPutUrlUploadsAnObject()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "uploaded", Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        using var http = new HttpClient();

        using var response = await http.PutAsync(url, new StringContent("via presigned put"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("via presigned put", await ReadTextAsync(client, bucket, "uploaded"));
    }

    [Fact]
    public async Task VersionedBucketKeepsEveryWriteAsAListableVersion()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await client.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });

        foreach (var text in new[] { "v1", "v2", "v3" })
        {
            await PutTextAsync(client, bucket, "state.json", text);
        }

        var versions = await client.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        var oldest = versions.Versions[^1];

        Assert.Equal(3, versions.Versions.Count);
        Assert.True(versions.Versions[0].IsLatest);
        Assert.All(versions.Versions.Skip(1), v => Assert.False(v.IsLatest));
        Assert.Equal(3, versions.Versions.Select(v => v.VersionId).Distinct().Count());
        Assert.Equal("v1", await ReadTextAsync(client, bucket, "state.json", oldest.VersionId));
        Assert.Equal("v3", await ReadTextAsync(client, bucket, "state.json"));
    }

    [Fact]
    public async Task BucketVersioningStatusIsReportedAfterEnabling()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);

        var before = await client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });
        await client.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        var after = await client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket });

        Assert.NotEqual(VersionStatus.Enabled, before.VersioningConfig.Status);
        Assert.Equal(VersionStatus.Enabled, after.VersioningConfig.Status);
    }

    [Fact]
    public async Task DeletingInAVersionedBucketAddsADeleteMarkerAndKeepsOlderVersions()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await client.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        await PutTextAsync(client, bucket, "doc", "kept");

        var deletion = await client.DeleteObjectAsync(bucket, "doc");
        var versions = await client.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync(bucket, "doc"));
        var kept = versions.Versions.Single(v => v.IsDeleteMarker != true);

        Assert.Equal("true", deletion.DeleteMarker);
        Assert.True(versions.Versions.Single(v => v.IsDeleteMarker == true).IsLatest == true);
        Assert.Equal("NoSuchKey", error.ErrorCode);
        Assert.Equal("kept", await ReadTextAsync(client, bucket, "doc", kept.VersionId));
    }

    [Fact]
    public async Task DeletingASpecificVersionRemovesOnlyThatVersion()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await client.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        await PutTextAsync(client, bucket, "doc", "first");
        await PutTextAsync(client, bucket, "doc", "second");
        var latest = (await client.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket })).Versions[0];

        await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "doc", VersionId = latest.VersionId });

        Assert.Equal("first", await ReadTextAsync(client, bucket, "doc"));
        Assert.Single((await client.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket })).Versions);
    }

    [Fact]
    public async Task GetOfAnUnknownVersionFailsWithNoSuchVersion()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await PutTextAsync(client, bucket, "doc", "x");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadTextAsync(client, bucket, "doc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

        Assert.Equal("NoSuchVersion", error.ErrorCode);
    }

    [Fact]
    public async Task RangeStartingPastTheEndFailsWithInvalidRange()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await PutTextAsync(client, bucket, "short", "abc");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "short", ByteRange = new ByteRange(10, 20) }));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.StatusCode);
        Assert.Equal("InvalidRange", error.ErrorCode);
    }

    [Fact]
    public async Task CompletingWithAWrongPartETagFailsWithInvalidPart()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var upload = await client.InitiateMultipartUploadAsync(bucket, "k");
        await client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream([1, 2]), UseChunkEncoding = false });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "k",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, "\"00000000000000000000000000000000\"")],
        }));

        Assert.Equal("InvalidPart", error.ErrorCode);
    }

    [Fact]
    public async Task CompletingWithASmallNonFinalPartFailsWithEntityTooSmall()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var upload = await client.InitiateMultipartUploadAsync(bucket, "k");
        var etags = new List<PartETag>();
        for (var part = 1; part <= 2; part++)
        {
            var response = await client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = upload.UploadId, PartNumber = part, InputStream = new MemoryStream([1, 2, 3]), UseChunkEncoding = false });
            etags.Add(new PartETag(part, response.ETag));
        }

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "k",
            UploadId = upload.UploadId,
            PartETags = etags,
        }));

        Assert.Equal("EntityTooSmall", error.ErrorCode);
    }

    [Fact]
    public async Task AnUploadDeclaredOverFiveGibIsRefusedWithEntityTooLargeBeforeItsBytesAreRead()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        using var request = new SigV4TestRequestBuilder(server.BaseUrl, AccessKey, SecretKey)
            .BuildStreamingPut(bucket, "huge", RandomNumberGenerator.GetBytes(1024), "STREAMING-UNSIGNED-PAYLOAD-TRAILER", chunkSize: 1024, declaredLength: 6L * 1024 * 1024 * 1024);
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>EntityTooLarge</Code>", await response.Content.ReadAsStringAsync());
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync(bucket, "huge"));
    }

    [Fact]
    public async Task APartNumberAbove10000IsRefusedWithInvalidArgument()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var upload = await client.InitiateMultipartUploadAsync(bucket, "k");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket, Key = "k", UploadId = upload.UploadId, PartNumber = 10_001, InputStream = new MemoryStream([1]), UseChunkEncoding = false,
        }));

        Assert.Equal("InvalidArgument", error.ErrorCode);
    }

    [Fact]
    public async Task InjectedFaultIsAnsweredAsAnS3ErrorThenTheOperationRecovers()
    {
        var runtime = new TestSandboxRuntime();
        var server = await StartAsync(runtime);
        var (_, bucket) = await NewBucketAsync(server);
        var client = Client(server, maxErrorRetry: 0);
        runtime.ArmFault("s3.objects.put", new SandboxFault(503, "SlowDown", "Please reduce your request rate."), times: 1);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => PutTextAsync(client, bucket, "k", "v"));
        await PutTextAsync(client, bucket, "k", "v");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("SlowDown", error.ErrorCode);
        Assert.Equal("v", await ReadTextAsync(client, bucket, "k"));
    }

    [Fact]
    public async Task OperationsAreReportedToTheRuntimeWithTheirMutationFlag()
    {
        var runtime = new TestSandboxRuntime();
        var server = await StartAsync(runtime);
        var (client, bucket) = await NewBucketAsync(server);

        await PutTextAsync(client, bucket, "k", "v");
        await ReadTextAsync(client, bucket, "k");
        await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        await client.DeleteObjectAsync(bucket, "k");

        Assert.Equal(
            [("s3.buckets.create", true), ("s3.objects.put", true), ("s3.objects.get", false), ("s3.objects.list", false), ("s3.objects.delete", true)],
            runtime.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BucketsObjectsAndVersionsSurviveARestart(bool separateBlobDirectory)
    {
        using var stateDirectory = new TemporaryDirectory();
        var blobDirectory = separateBlobDirectory ? Path.Combine(stateDirectory.Path, "s3-blobs") : null;
        var firstServer = await StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path)), blobDirectory);
        var (firstClient, bucket) = await NewBucketAsync(firstServer);
        await firstClient.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        await PutTextAsync(firstClient, bucket, "backups/one.sql", "first");
        await PutTextAsync(firstClient, bucket, "backups/one.sql", "second");
        await firstServer.DisposeAsync();

        var secondServer = await StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path)), blobDirectory);
        var secondClient = Client(secondServer);
        var versions = await secondClient.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });

        Assert.Equal("second", await ReadTextAsync(secondClient, bucket, "backups/one.sql"));
        Assert.Equal("first", await ReadTextAsync(secondClient, bucket, "backups/one.sql", versions.Versions[^1].VersionId));
        Assert.Equal(2, versions.Versions.Count);
    }

    [Fact]
    public async Task OverwrittenUnversionedObjectsDoNotKeepTheirOldBlobs()
    {
        using var stateDirectory = new TemporaryDirectory();
        var blobDirectory = Path.Combine(stateDirectory.Path, "s3-blobs");
        var server = await StartAsync(new TestSandboxRuntime(new TestStateStore(stateDirectory.Path)), blobDirectory);
        var (client, bucket) = await NewBucketAsync(server);

        await PutTextAsync(client, bucket, "k", "one");
        await PutTextAsync(client, bucket, "k", "two");
        await PutTextAsync(client, bucket, "gone", "x");
        await client.DeleteObjectAsync(bucket, "gone");

        Assert.Single(Directory.GetFiles(blobDirectory));
    }

    [Fact]
    public async Task CopyObjectDuplicatesContentAndMetadata()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var put = new PutObjectRequest { BucketName = bucket, Key = "source", ContentBody = "copied", UseChunkEncoding = false };
        put.Metadata["origin"] = "test";
        await client.PutObjectAsync(put);

        await client.CopyObjectAsync(bucket, "source", bucket, "nested/target");
        var head = await client.GetObjectMetadataAsync(bucket, "nested/target");

        Assert.Equal("copied", await ReadTextAsync(client, bucket, "nested/target"));
        Assert.Equal("test", head.Metadata["origin"]);
    }

    [Fact]
    public async Task DelimiterListingContinuesAfterACommonPrefixAcrossPages()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        foreach (var key in new[] { "a/1", "a/2", "a/3", "b", "c/1" })
        {
            await PutTextAsync(client, bucket, key, key);
        }

        var first = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 1 });
        var second = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 1, ContinuationToken = first.NextContinuationToken });
        var third = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 5, ContinuationToken = second.NextContinuationToken });

        Assert.Equal(["a/"], first.CommonPrefixes);
        Assert.Equal(["b"], second.S3Objects.Select(o => o.Key));
        Assert.Equal(["c/"], third.CommonPrefixes);
        Assert.False(third.IsTruncated);
    }

    [Fact]
    public async Task ListObjectsV2PagesWithMaxKeysAndContinuationTokensReturnEveryKeyOnce()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var keys = Enumerable.Range(0, 7).Select(i => $"item-{i:D2}").ToList();
        foreach (var key in keys)
        {
            await PutTextAsync(client, bucket, key, key);
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 3, ContinuationToken = token });
            seen.AddRange(page.S3Objects.Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(keys, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task CompletingAnAbortedMultipartUploadFailsWithNoSuchUpload()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var upload = await client.InitiateMultipartUploadAsync(bucket, "aborted");
        var part = await client.UploadPartAsync(new UploadPartRequest { UseChunkEncoding = false, BucketName = bucket, Key = "aborted", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream([1, 2, 3]) });

        await client.AbortMultipartUploadAsync(bucket, "aborted", upload.UploadId);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "aborted",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        }));
        Assert.Equal("NoSuchUpload", error.ErrorCode);
    }

    [Fact]
    public async Task MultipartETagIsTheMd5OfThePartMd5sWithThePartCount()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var first = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var second = RandomNumberGenerator.GetBytes(10);
        var upload = await client.InitiateMultipartUploadAsync(bucket, "big");
        var part1 = await client.UploadPartAsync(new UploadPartRequest { UseChunkEncoding = false, BucketName = bucket, Key = "big", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(first) });
        var part2 = await client.UploadPartAsync(new UploadPartRequest { UseChunkEncoding = false, BucketName = bucket, Key = "big", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream(second) });

        var completed = await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)],
        });

        var expected = MD5.HashData(MD5.HashData(first).Concat(MD5.HashData(second)).ToArray());
        Assert.Equal($"\"{Convert.ToHexStringLower(expected)}-2\"", completed.ETag);
    }

    [Fact]
    public async Task BucketTagsAreStoredAndReturned()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);

        await client.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = bucket, TagSet = [new Tag { Key = "environment", Value = "dev" }] });
        var tags = await client.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket });

        Assert.Equal([("environment", "dev")], tags.TagSet.Select(t => (t.Key, t.Value)));
    }

    [Fact]
    public async Task MissingLifecycleConfigurationFailsWithItsOwnErrorCode()
    {
        var server = await StartAsync();
        var (_, bucket) = await NewBucketAsync(server);
        using var request = new SigV4TestRequestBuilder(server.BaseUrl, AccessKey, SecretKey).BuildBodiless(HttpMethod.Get, bucket, "lifecycle");
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<Code>NoSuchLifecycleConfiguration</Code>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BucketPolicyIsStoredReturnedAndDeleted()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"{{bucket}}/*"}]}""";

        await client.PutBucketPolicyAsync(bucket, policy);
        var stored = await client.GetBucketPolicyAsync(bucket);
        await client.DeleteBucketPolicyAsync(bucket);
        using var request = new SigV4TestRequestBuilder(server.BaseUrl, AccessKey, SecretKey).BuildBodiless(HttpMethod.Get, bucket, "policy");
        using var http = new HttpClient();
        using var afterDelete = await http.SendAsync(request);

        Assert.Equal(policy, stored.Policy);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Contains("<Code>NoSuchBucketPolicy</Code>", await afterDelete.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MalformedBucketPolicyIsRejected()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.PutBucketPolicyAsync(bucket, "{not json"));

        Assert.Equal("MalformedPolicy", error.ErrorCode);
    }

    [Fact]
    public async Task ObjectTagsSetOnUploadAndReplacedLaterAreReturned()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "state.json",
            ContentBody = "{}",
            UseChunkEncoding = false,
            TagSet = [new Tag { Key = "kind", Value = "state" }],
        });

        var initial = await client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "state.json" });
        await client.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "state.json",
            Tagging = new Tagging { TagSet = [new Tag { Key = "kind", Value = "archived" }, new Tag { Key = "env", Value = "dev" }] },
        });
        var replaced = await client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "state.json" });

        Assert.Equal([("kind", "state")], initial.Tagging.Select(t => (t.Key, t.Value)));
        Assert.Equal([("env", "dev"), ("kind", "archived")], replaced.Tagging.Select(t => (t.Key, t.Value)).Order());
        Assert.Equal("{}", await ReadTextAsync(client, bucket, "state.json"));
    }

    [Fact]
    public async Task SettingAnObjectAclDoesNotTouchItsContent()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await PutTextAsync(client, bucket, "doc", "content");

        await client.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "doc", ACL = S3CannedACL.Private });
        var acl = await client.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "doc" });

        Assert.Equal("content", await ReadTextAsync(client, bucket, "doc"));
        Assert.Equal(S3Permission.FULL_CONTROL, acl.Grants.Single().Permission);
    }

    [Fact]
    public async Task BucketAclNamesTheOwnerWithFullControl()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);

        var acl = await client.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket });

        Assert.Equal("sandbox", acl.Owner.Id);
        Assert.Equal(S3Permission.FULL_CONTROL, acl.Grants.Single().Permission);
    }

    [Fact]
    public async Task UnsupportedBucketSubresourcesAnswerNotImplementedInsteadOfActingOnTheBucket()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        using var request = new SigV4TestRequestBuilder(server.BaseUrl, AccessKey, SecretKey).BuildBodiless(HttpMethod.Get, bucket, "website");
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("<Code>NotImplemented</Code>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InProgressUploadsAndTheirPartsAreListed()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        var upload = await client.InitiateMultipartUploadAsync(bucket, "backups/db.dump");
        foreach (var partNumber in new[] { 2, 1 })
        {
            await client.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "backups/db.dump", UploadId = upload.UploadId, PartNumber = partNumber, InputStream = new MemoryStream(new byte[partNumber * 10]), UseChunkEncoding = false });
        }

        var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Prefix = "backups/" });
        var parts = await client.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "backups/db.dump", UploadId = upload.UploadId });

        Assert.Equal([upload.UploadId], uploads.MultipartUploads.Select(u => u.UploadId));
        Assert.Equal([(1, 10L), (2, 20L)], parts.Parts.Select(p => (p.PartNumber ?? 0, p.Size ?? 0)));
    }

    [Fact]
    public async Task ConcurrentWritesToAVersionedKeyAreAllKept()
    {
        var server = await StartAsync();
        var (client, bucket) = await NewBucketAsync(server);
        await client.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PutTextAsync(client, bucket, "contended", $"write {i}")));
        var versions = await client.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });

        Assert.Equal(20, versions.Versions.Count);
        Assert.Single(versions.Versions, v => v.IsLatest == true);
    }
}
