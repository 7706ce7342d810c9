using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Tests.Infra;

namespace CoderBootstrap.Activities.Tests.Backup;

[Collection(BackupCollection.Name)]
public sealed class BackupSecretHygieneTests(BackupFixture fixture)
{
    [PostgresFact]
    public async Task DatabasePasswordAppearsInNoBackupObjectNoRequestAndNoToolCommandLine()
    {
        // Large enough for several parts, so pg_dump still runs when the first part is reported.
        var source = await fixture.CreateLargeDatabaseAsync();
        var bucket = await fixture.CreateBucketAsync();
        var id = BackupLayout.NewBackupId(DateTimeOffset.UtcNow, "5ec4e7");
        var commandLines = new List<string>();
        var dump = await new DatabaseDumpStreamer(fixture.Tools, new MultipartStreamUploader(fixture.S3)).DumpAsync(
            source, fixture.Password, new ObjectLocation(bucket, BackupLayout.PartKey(id, "database.dump")), null, _ => commandLines.AddRange(PgDumpCommandLines()), CancellationToken.None);
        await new BackupObjectWriter(fixture.S3).WriteManifestAsync(bucket, new BackupManifest
        {
            BackupId = id,
            Environment = "dev",
            StartedAt = DateTimeOffset.UtcNow,
            CompletedAt = DateTimeOffset.UtcNow,
            CoderVersion = "2.35.3",
            SchemaMigration = dump.Figures.Migration,
            SpecDigest = new string('0', 64),
            ToolVersion = "test",
            DumpToolVersion = dump.DumpToolVersion,
            Parts = [new BackupPart(BackupPartNames.Database, dump.Object.Location.Key, dump.Object.Size, dump.Object.Sha256, "application/octet-stream")],
            Tables = dump.Figures.Tables,
        }, CancellationToken.None);

        var stored = await AllObjectBytesAsync(bucket);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, content => Assert.DoesNotContain(fixture.Password, Encoding.Latin1.GetString(content), StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Password, JsonSerializer.Serialize(fixture.S3Runtime.GetRequestLog()), StringComparison.Ordinal);
        Assert.NotEmpty(commandLines);
        Assert.All(commandLines, line => Assert.DoesNotContain(fixture.Password, line, StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task AFailedRestoreReportsPgRestoresErrorWithoutThePassword()
    {
        var source = await fixture.CreateDatabaseAsync();
        await fixture.ExecuteAsync(source, CoderLikeSchema.Create);
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), "20260101T000000Z-5ec4e8/database.dump");
        var dump = await new DatabaseDumpStreamer(fixture.Tools, new MultipartStreamUploader(fixture.S3)).DumpAsync(source, fixture.Password, target, null, null, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<PostgresToolException>(() => new DatabaseRestoreStreamer(fixture.Tools, fixture.S3).RestoreAsync(
            target, new ExpectedContent(dump.Object.Size, dump.Object.Sha256), fixture.Endpoint("no_such_database"), fixture.Password, null, CancellationToken.None));

        Assert.Contains("no_such_database", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Password, failure.ToString(), StringComparison.Ordinal);
    }

    private async Task<List<byte[]>> AllObjectBytesAsync(string bucket)
    {
        var contents = new List<byte[]>();
        var listing = await fixture.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        foreach (var item in listing.S3Objects ?? [])
        {
            contents.Add(await fixture.ReadObjectAsync(new ObjectLocation(bucket, item.Key)));
        }

        return contents;
    }

    /// <summary>The command lines of the pg_dump processes running now, as every user of the machine can read them.</summary>
    private static IEnumerable<string> PgDumpCommandLines()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            string line;
            try
            {
                line = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (line.Contains("pg_dump", StringComparison.Ordinal) && line.Contains("--snapshot=", StringComparison.Ordinal))
            {
                yield return line;
            }
        }
    }
}
