using Amazon.S3;
using Amazon.S3.Model;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Tests.Infra;

namespace CoderBootstrap.Activities.Tests.Backup;

[Collection(BackupCollection.Name)]
public sealed class DatabaseStreamingTests(BackupFixture fixture)
{
    private const string DumpFile = "database.dump";

    [PostgresFact]
    public async Task DumpStreamedToS3AndRestoredBringsBackTheSameRows()
    {
        var source = await fixture.CreateDatabaseAsync();
        await fixture.ExecuteAsync(source, CoderLikeSchema.Create);
        var original = await fixture.RowsAsync(source, CoderLikeSchema.Snapshot);
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), "20260101T000000Z-abc123/" + DumpFile);

        var dump = await Streamer().DumpAsync(source, fixture.Password, target, null, null, CancellationToken.None);
        await fixture.ExecuteAsync(source, "UPDATE users SET username = username || '-changed'; DELETE FROM workspaces WHERE id % 2 = 0");
        await Restorer().RestoreAsync(target, new ExpectedContent(dump.Object.Size, dump.Object.Sha256), source, fixture.Password, null, CancellationToken.None);

        Assert.Equal(original, await fixture.RowsAsync(source, CoderLikeSchema.Snapshot));
    }

    [PostgresFact]
    public async Task DumpRecordsSizeAndSha256OfTheStoredBytesAndTheSnapshotsFigures()
    {
        var source = await fixture.CreateDatabaseAsync();
        await fixture.ExecuteAsync(source, CoderLikeSchema.Create);
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), "20260101T000000Z-abc124/" + DumpFile);

        var dump = await Streamer().DumpAsync(source, fixture.Password, target, null, null, CancellationToken.None);

        var (size, sha256) = await fixture.DownloadDigestAsync(target);
        Assert.Equal((size, sha256), (dump.Object.Size, dump.Object.Sha256));
        Assert.Equal(new SchemaMigration(318, false), dump.Figures.Migration);
        Assert.Equal(5000, dump.Figures.Tables.Single(t => t.QualifiedName == "public.workspaces").Rows);
    }

    [PostgresFact]
    public async Task DumpCancelledMidUploadLeavesNoObjectAndNoIncompleteUploadAndTheRetryCompletes()
    {
        var source = await fixture.CreateLargeDatabaseAsync();
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), "20260101T000000Z-abc125/" + DumpFile);
        using var crash = new CancellationTokenSource();
        UploadProgress? heartbeat = null;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Streamer().DumpAsync(source, fixture.Password, target, null, progress =>
        {
            heartbeat = progress;
            crash.Cancel();
        }, crash.Token));

        Assert.NotNull(heartbeat);
        Assert.False(await fixture.ObjectExistsAsync(target));
        Assert.Empty(await IncompleteUploadsAsync(target));
        var retried = await Streamer().DumpAsync(source, fixture.Password, target, heartbeat.UploadId, null, CancellationToken.None);
        Assert.True(retried.Object.PartCount > 1);
        Assert.Equal((retried.Object.Size, retried.Object.Sha256), await fixture.DownloadDigestAsync(target));
    }

    [PostgresFact]
    public async Task RetryAbortsTheUploadACrashedAttemptLeftAndStoresACompleteObject()
    {
        var source = await fixture.CreateDatabaseAsync();
        await fixture.ExecuteAsync(source, CoderLikeSchema.Create);
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), "20260101T000000Z-abc126/" + DumpFile);
        // What a worker killed mid-dump leaves: an upload with one part, never completed nor aborted.
        var abandoned = await fixture.S3.InitiateMultipartUploadAsync(target.Bucket, target.Key);
        await fixture.S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = target.Bucket,
            Key = target.Key,
            UploadId = abandoned.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(new byte[PartSizePolicy.MinimumPartSize]),
        });

        var dump = await Streamer().DumpAsync(source, fixture.Password, target, abandonedUploadId: null, null, CancellationToken.None);

        Assert.Empty(await IncompleteUploadsAsync(target));
        Assert.Equal((dump.Object.Size, dump.Object.Sha256), await fixture.DownloadDigestAsync(target));
    }

    [PostgresFact]
    public async Task FailingPgDumpLeavesNoObjectAndReportsItsError()
    {
        var source = await fixture.CreateDatabaseWithAnUnreadableTableAsync();
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), "20260101T000000Z-abc129/" + DumpFile);

        var failure = await Assert.ThrowsAsync<PostgresToolException>(() => Streamer().DumpAsync(source, fixture.Password, target, null, null, CancellationToken.None));

        Assert.Equal("pg_dump", failure.Tool);
        Assert.False(await fixture.ObjectExistsAsync(target));
        Assert.Empty(await IncompleteUploadsAsync(target));
    }

    [PostgresFact]
    public async Task TamperedDumpIsRefusedAndTheDatabaseIsLeftAsItWas()
    {
        var source = await fixture.CreateDatabaseAsync();
        await fixture.ExecuteAsync(source, CoderLikeSchema.Create);
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), "20260101T000000Z-abc127/" + DumpFile);
        var dump = await Streamer().DumpAsync(source, fixture.Password, target, null, null, CancellationToken.None);
        await fixture.TamperAsync(target);
        await fixture.ExecuteAsync(source, "DELETE FROM workspaces WHERE id > 10");
        var before = await fixture.RowsAsync(source, CoderLikeSchema.Snapshot);

        await Assert.ThrowsAsync<BackupIntegrityException>(() =>
            Restorer().RestoreAsync(target, new ExpectedContent(dump.Object.Size, dump.Object.Sha256), source, fixture.Password, null, CancellationToken.None));

        Assert.Equal(before, await fixture.RowsAsync(source, CoderLikeSchema.Snapshot));
    }

    [PostgresFact]
    public async Task DumpReportsProgressInBytesUploadedAfterEachPart()
    {
        var source = await fixture.CreateLargeDatabaseAsync();
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), "20260101T000000Z-abc128/" + DumpFile);
        var reports = new List<UploadProgress>();

        var dump = await Streamer().DumpAsync(source, fixture.Password, target, null, p => { lock (reports) { reports.Add(p); } }, CancellationToken.None);

        Assert.Equal(dump.Object.PartCount, reports.Count);
        Assert.Equal(dump.Object.Size, reports.Max(r => r.BytesUploaded));
    }

    private async Task<IReadOnlyList<MultipartUpload>> IncompleteUploadsAsync(ObjectLocation target) =>
        (await fixture.S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = target.Bucket, Prefix = target.Key })).MultipartUploads ?? [];

    private DatabaseDumpStreamer Streamer() => new(fixture.Tools, new MultipartStreamUploader(fixture.S3));

    private DatabaseRestoreStreamer Restorer() => new(fixture.Tools, fixture.S3);
}
