using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>
/// S3 behaviour the product relies on, run against the sandbox and against s3rver with the real
/// AWSSDK.S3 and the Scaleway-compatible settings (uploads without chunk encoding, as s3rver 3 stores
/// aws-chunked bodies undecoded). What s3rver 3.7 cannot do lives in <see cref="SandboxS3Tests"/>:
/// SigV4 signature checks (it verifies only the access key), aws-chunked decoding, versioning,
/// continuation tokens (it encrypts them with DES, which Node on OpenSSL 3 refuses), multipart abort
/// and the <c>-N</c> multipart ETag.
/// </summary>
public abstract class S3CompatibilityTests(IS3TestEndpoint endpoint) : IDisposable
{
    private readonly List<AmazonS3Client> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private AmazonS3Client Client(string? accessKey = null, string? secretKey = null)
    {
        FailWhenUnavailable();
        var client = S3TestClients.Create(endpoint.ServiceUrl, accessKey ?? endpoint.AccessKey, secretKey ?? endpoint.SecretKey);
        _clients.Add(client);
        return client;
    }

    private void FailWhenUnavailable()
    {
        if (endpoint.UnavailableReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
    }

    private async Task<(AmazonS3Client Client, string Bucket)> NewBucketAsync()
    {
        var client = Client();
        var bucket = S3TestClients.NewBucketName();
        await client.PutBucketAsync(bucket);
        return (client, bucket);
    }

    private static async Task<byte[]> ReadAllAsync(GetObjectResponse response)
    {
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static string Md5ETag(byte[] content) => "\"" + Convert.ToHexStringLower(MD5.HashData(content)) + "\"";

    [S3Fact]
    public async Task CreatedBucketIsListedAndAnswersHead()
    {
        var (client, bucket) = await NewBucketAsync();

        var buckets = await client.ListBucketsAsync();
        var head = await client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket });

        Assert.Contains(buckets.Buckets, b => b.BucketName == bucket);
        Assert.Equal(HttpStatusCode.OK, head.HttpStatusCode);
    }

    [S3Fact]
    public async Task CreatingAnExistingBucketFailsWithConflict()
    {
        var (client, bucket) = await NewBucketAsync();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.PutBucketAsync(bucket));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains(error.ErrorCode, new[] { "BucketAlreadyOwnedByYou", "BucketAlreadyExists" });
    }

    [S3Fact]
    public async Task CreatingABucketWithAnInvalidNameFailsWithInvalidBucketName()
    {
        var client = Client();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.PutBucketAsync("ab"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidBucketName", error.ErrorCode);
    }

    [S3Fact]
    public async Task HeadOfAMissingBucketIsNotFound()
    {
        var client = Client();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.HeadBucketAsync(new HeadBucketRequest { BucketName = S3TestClients.NewBucketName() }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [S3Fact]
    public async Task DeletingANonEmptyBucketFailsWithBucketNotEmpty()
    {
        var (client, bucket) = await NewBucketAsync();
        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "keep.txt", ContentBody = "x" });

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.DeleteBucketAsync(bucket));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("BucketNotEmpty", error.ErrorCode);
    }

    [S3Fact]
    public async Task DeletingAnEmptyBucketRemovesIt()
    {
        var (client, bucket) = await NewBucketAsync();

        await client.DeleteBucketAsync(bucket);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [S3Fact]
    public async Task DeletingAMissingBucketFailsWithNoSuchBucket()
    {
        var client = Client();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.DeleteBucketAsync(S3TestClients.NewBucketName()));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NoSuchBucket", error.ErrorCode);
    }

    [S3Fact]
    public async Task PutObjectThenGetReturnsTheSameBytesTypeMetadataAndMd5ETag()
    {
        var (client, bucket) = await NewBucketAsync();
        var content = RandomNumberGenerator.GetBytes(70_000);
        var put = new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "dir/data.bin", InputStream = new MemoryStream(content), ContentType = "application/x-custom" };
        put.Metadata["purpose"] = "backup";

        var putResponse = await client.PutObjectAsync(put);
        using var get = await client.GetObjectAsync(bucket, "dir/data.bin");

        Assert.Equal(content, await ReadAllAsync(get));
        Assert.Equal(Md5ETag(content), putResponse.ETag);
        Assert.Equal(Md5ETag(content), get.ETag);
        Assert.Equal("application/x-custom", get.Headers.ContentType);
        Assert.Equal("backup", get.Metadata["purpose"]);
    }

    [S3Fact]
    public async Task KeysWithSpacesUnicodeAndReservedCharactersRoundTrip()
    {
        var (client, bucket) = await NewBucketAsync();
        const string key = "backups/été 2026/db+full=1 (copy).sql";

        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = key, ContentBody = "select 1;" });
        using var get = await client.GetObjectAsync(bucket, key);
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal("select 1;", Encoding.UTF8.GetString(await ReadAllAsync(get)));
        Assert.Equal([key], listed.S3Objects.Select(o => o.Key));
    }

    [S3Fact]
    public async Task PutObjectOverwritesTheCurrentContent()
    {
        var (client, bucket) = await NewBucketAsync();

        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "k", ContentBody = "first" });
        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "k", ContentBody = "second" });
        using var get = await client.GetObjectAsync(bucket, "k");

        Assert.Equal("second", Encoding.UTF8.GetString(await ReadAllAsync(get)));
    }

    [S3Fact]
    public async Task GetObjectWithARangeReturnsOnlyThoseBytes()
    {
        var (client, bucket) = await NewBucketAsync();
        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "alphabet", ContentBody = "abcdefghijklmnopqrstuvwxyz" });

        using var get = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "alphabet", ByteRange = new ByteRange(2, 5) });

        Assert.Equal(HttpStatusCode.PartialContent, get.HttpStatusCode);
        Assert.Equal("cdef", Encoding.UTF8.GetString(await ReadAllAsync(get)));
        Assert.Equal("bytes 2-5/26", get.ContentRange);
    }

    [S3Fact]
    public async Task GetOfAMissingKeyFailsWithNoSuchKey()
    {
        var (client, bucket) = await NewBucketAsync();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync(bucket, "missing"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NoSuchKey", error.ErrorCode);
    }

    [S3Fact]
    public async Task GetInAMissingBucketFailsWithNoSuchBucket()
    {
        var client = Client();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync(S3TestClients.NewBucketName(), "k"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NoSuchBucket", error.ErrorCode);
    }

    [S3Fact]
    public async Task HeadObjectReturnsLengthETagAndNoBody()
    {
        var (client, bucket) = await NewBucketAsync();
        var content = Encoding.UTF8.GetBytes("twelve bytes");
        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "h", InputStream = new MemoryStream(content) });

        var head = await client.GetObjectMetadataAsync(bucket, "h");

        Assert.Equal(12, head.ContentLength);
        Assert.Equal(Md5ETag(content), head.ETag);
    }

    [S3Fact]
    public async Task HeadOfAMissingObjectIsNotFound()
    {
        var (client, bucket) = await NewBucketAsync();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync(bucket, "missing"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [S3Fact]
    public async Task ListObjectsV2WithPrefixAndDelimiterFoldsFoldersIntoCommonPrefixes()
    {
        var (client, bucket) = await NewBucketAsync();
        foreach (var key in new[] { "backups/2026/a.sql", "backups/2026/b.sql", "backups/2027/c.sql", "backups/latest.sql", "other.txt" })
        {
            await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = key, ContentBody = key });
        }

        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "backups/", Delimiter = "/" });

        Assert.Equal(["backups/latest.sql"], listed.S3Objects.Select(o => o.Key));
        Assert.Equal(["backups/2026/", "backups/2027/"], listed.CommonPrefixes);
        Assert.False(listed.IsTruncated);
    }

    [S3Fact]
    public async Task ListObjectsV2WithStartAfterReturnsOnlyLaterKeys()
    {
        var (client, bucket) = await NewBucketAsync();
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = key, ContentBody = key });
        }

        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "b" });

        Assert.Equal(["c", "d"], page.S3Objects.Select(o => o.Key));
        Assert.False(page.IsTruncated);
    }

    [S3Fact]
    public async Task ListObjectsVersion1PagesWithMarkers()
    {
        var (client, bucket) = await NewBucketAsync();
        foreach (var key in new[] { "a", "b", "c" })
        {
            await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = key, ContentBody = key });
        }

        var first = await client.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, MaxKeys = 2 });
        var second = await client.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Marker = first.S3Objects[^1].Key });

        Assert.True(first.IsTruncated);
        Assert.Equal(["a", "b"], first.S3Objects.Select(o => o.Key));
        Assert.Equal(["c"], second.S3Objects.Select(o => o.Key));
    }

    [S3Fact]
    public async Task ListObjectsV2OfAMissingBucketFailsWithNoSuchBucket()
    {
        var client = Client();

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3TestClients.NewBucketName() }));

        Assert.Equal("NoSuchBucket", error.ErrorCode);
    }

    [S3Fact]
    public async Task DeleteObjectRemovesTheKey()
    {
        var (client, bucket) = await NewBucketAsync();
        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "gone", ContentBody = "x" });

        await client.DeleteObjectAsync(bucket, "gone");

        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(listed.S3Objects ?? []);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.GetObjectAsync(bucket, "gone"));
    }

    [S3Fact]
    public async Task BatchDeleteRemovesEveryListedKey()
    {
        var (client, bucket) = await NewBucketAsync();
        foreach (var key in new[] { "a", "b", "c" })
        {
            await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = key, ContentBody = key });
        }

        var result = await client.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "a" }, new KeyVersion { Key = "b" }],
        });

        var remaining = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["a", "b"], result.DeletedObjects.Select(d => d.Key).Order());
        Assert.Equal(["c"], remaining.S3Objects.Select(o => o.Key));
    }

    [S3Fact]
    public async Task MultipartUploadAssemblesThePartsInOrder()
    {
        var (client, bucket) = await NewBucketAsync();
        var first = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var second = RandomNumberGenerator.GetBytes(1234);
        var upload = await client.InitiateMultipartUploadAsync(bucket, "big.dump");

        var part1 = await client.UploadPartAsync(new UploadPartRequest { UseChunkEncoding = false, BucketName = bucket, Key = "big.dump", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(first) });
        var part2 = await client.UploadPartAsync(new UploadPartRequest { UseChunkEncoding = false, BucketName = bucket, Key = "big.dump", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream(second) });
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big.dump",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)],
        });
        using var get = await client.GetObjectAsync(bucket, "big.dump");

        Assert.Equal(first.Concat(second).ToArray(), await ReadAllAsync(get));
    }

    [S3Fact]
    public async Task PresignedGetUrlDownloadsTheObjectWithoutCredentials()
    {
        var (client, bucket) = await NewBucketAsync();
        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "shared/report.txt", ContentBody = "presigned content" });
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "shared/report.txt",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        });

        using var http = new HttpClient();
        var body = await http.GetStringAsync(url);

        Assert.Equal("presigned content", body);
    }

    [S3Fact]
    public async Task PresignedGetUrlCanOverrideTheResponseContentDisposition()
    {
        var (client, bucket) = await NewBucketAsync();
        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "dump.sql", ContentBody = "select 1;" });
        var request = new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "dump.sql",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Protocol = Protocol.HTTP,
        };
        request.ResponseHeaderOverrides.ContentDisposition = "attachment; filename=\"backup.sql\"";
        var url = await client.GetPreSignedURLAsync(request);

        using var http = new HttpClient();
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("backup.sql", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [S3Fact]
    public async Task ExpiredPresignedGetUrlIsRejectedWithForbidden()
    {
        var (client, bucket) = await NewBucketAsync();
        await client.PutObjectAsync(new PutObjectRequest { UseChunkEncoding = false, BucketName = bucket, Key = "soon-expired", ContentBody = "x" });
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "soon-expired",
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddSeconds(1),
            Protocol = Protocol.HTTP,
        });

        await Task.Delay(TimeSpan.FromSeconds(3));
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync());
    }

    [S3Fact]
    public async Task RequestsWithAnUnknownAccessKeyFailWithInvalidAccessKeyId()
    {
        var client = Client(accessKey: "SCWUNKNOWNACCESSKEY0");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => client.ListBucketsAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("InvalidAccessKeyId", error.ErrorCode);
    }
}
