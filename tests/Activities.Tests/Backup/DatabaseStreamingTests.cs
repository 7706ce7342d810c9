using Amazon.S3.Model;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Tests.Infra;

namespace CoderBootstrap.Activities.Tests.Backup;

[Collection(BackupCollection.Name)]
public sealed class DatabaseStreamingTests(BackupFixture fixture)
{
    [PostgresFact]
    public async Task DumpStreamedToS3AndRestoredBringsBackTheSameRows()
    {
        var source = await fixture.CreateDatabaseAsync();
        await fixture.ExecuteAsync(source, CoderLikeSchema.Create);
        var original = await fixture.RowsAsync(source, CoderLikeSchema.Snapshot);
        var bucket = await fixture.CreateBucketAsync();
        var target = new ObjectLocation(bucket, "20260101T000000Z-abc123/database.dump");

        var dump = await Streamer().DumpAsync(source, fixture.Password, target, null, null, CancellationToken.None);
        await fixture.ExecuteAsync(source, "UPDATE users SET username = username || '-changed'; DELETE FROM workspaces WHERE id % 2 = 0");
        await new DatabaseRestoreStreamer(fixture.Tools, fixture.S3).RestoreAsync(target, new ExpectedContent(dump.Object.Size, dump.Object.Sha256), source, fixture.Password, null, CancellationToken.None);

        Assert.Equal(original, await fixture.RowsAsync(source, CoderLikeSchema.Snapshot));
    }

    private DatabaseDumpStreamer Streamer() => new(fixture.Tools, new MultipartStreamUploader(fixture.S3));
}
