using System.Text;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Tests.Infra;

namespace CoderBootstrap.Activities.Tests.Backup;

[Collection(BackupCollection.Name)]
public sealed class BackupCatalogTests(BackupFixture fixture)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task BackupWithoutManifestIsListedIncompleteAndNeverOfferedForRestore()
    {
        var bucket = await fixture.CreateBucketAsync();
        var complete = await WriteBackupAsync(bucket, Monday, "aaaaaa", writeManifest: true);
        var unfinished = await WriteBackupAsync(bucket, Monday.AddDays(1), "bbbbbb", writeManifest: false);
        var catalog = new BackupCatalog(fixture.S3);

        var listing = await catalog.ListAsync(bucket, CancellationToken.None);

        Assert.Equal([(complete, true), (unfinished, false)], listing.Select(e => (e.Id, e.IsComplete)));
        Assert.Equal(complete, (await catalog.LatestCompleteAsync(bucket, CancellationToken.None))?.BackupId);
        await Assert.ThrowsAsync<BackupIncompleteException>(() => catalog.ReadCompleteAsync(bucket, unfinished, CancellationToken.None));
    }

    [PostgresFact]
    public async Task AnEnvironmentWhoseBackupBucketDoesNotExistYetHasNoBackups()
    {
        var catalog = new BackupCatalog(fixture.S3);

        var listing = await catalog.ListAsync("coder-backups-never-backed-up", CancellationToken.None);

        Assert.Empty(listing);
        Assert.Null(await catalog.LatestCompleteAsync("coder-backups-never-backed-up", CancellationToken.None));
    }

    [PostgresFact]
    public async Task VerifierPassesEveryPartOfAnUntouchedBackup()
    {
        var bucket = await fixture.CreateBucketAsync();
        var id = await WriteBackupAsync(bucket, Monday, "cccccc", writeManifest: true);
        var manifest = await new BackupCatalog(fixture.S3).ReadCompleteAsync(bucket, id, CancellationToken.None);

        var checks = await new BackupVerifier(fixture.S3).VerifyAsync(bucket, manifest, CancellationToken.None);

        Assert.Equal(2, checks.Count);
        Assert.All(checks, check => Assert.True(check.Matches, check.Problem));
    }

    [PostgresFact]
    public async Task VerifierDetectsATamperedPart()
    {
        var bucket = await fixture.CreateBucketAsync();
        var id = await WriteBackupAsync(bucket, Monday, "dddddd", writeManifest: true);
        var manifest = await new BackupCatalog(fixture.S3).ReadCompleteAsync(bucket, id, CancellationToken.None);
        await fixture.TamperAsync(new ObjectLocation(bucket, manifest.Part(BackupPartNames.Kubernetes).Key));

        var checks = await new BackupVerifier(fixture.S3).VerifyAsync(bucket, manifest, CancellationToken.None);

        Assert.Equal([BackupPartNames.Kubernetes], checks.Where(c => !c.Matches).Select(c => c.Name));
    }

    [PostgresFact]
    public async Task VerifierReportsAMissingPart()
    {
        var bucket = await fixture.CreateBucketAsync();
        var id = await WriteBackupAsync(bucket, Monday, "eeeeee", writeManifest: true);
        var manifest = await new BackupCatalog(fixture.S3).ReadCompleteAsync(bucket, id, CancellationToken.None);
        await fixture.S3.DeleteObjectAsync(bucket, manifest.Part(BackupPartNames.Spec).Key);

        var checks = await new BackupVerifier(fixture.S3).VerifyAsync(bucket, manifest, CancellationToken.None);

        Assert.Equal("the object is missing", checks.Single(c => c.Name == BackupPartNames.Spec).Problem);
    }

    [PostgresFact]
    public async Task DeletingABackupRemovesEveryVersionOfItsObjectsAndLeavesOthers()
    {
        var bucket = await fixture.CreateBucketAsync();
        await new BackupObjectWriter(fixture.S3).EnsureBucketAsync(bucket, CancellationToken.None);
        var doomed = await WriteBackupAsync(bucket, Monday, "ffffff", writeManifest: true);
        var kept = await WriteBackupAsync(bucket, Monday.AddDays(1), "abcdef", writeManifest: true);

        await new BackupObjectWriter(fixture.S3).DeleteBackupAsync(bucket, doomed, CancellationToken.None);

        var versions = await fixture.S3.ListVersionsAsync(new Amazon.S3.Model.ListVersionsRequest { BucketName = bucket });
        Assert.All(versions.Versions ?? [], v => Assert.StartsWith(kept + "/", v.Key, StringComparison.Ordinal));
        Assert.Equal([kept], (await new BackupCatalog(fixture.S3).ListAsync(bucket, CancellationToken.None)).Select(e => e.Id));
    }

    [Fact]
    public void ManifestReadsBackAsWritten()
    {
        var manifest = new BackupManifest
        {
            BackupId = "20261130T030000Z-a1b2c3",
            Environment = "prod",
            StartedAt = Monday,
            CompletedAt = Monday.AddMinutes(4),
            CoderVersion = "2.35.3",
            SchemaMigration = new SchemaMigration(318, false),
            SpecDigest = new string('a', 64),
            ToolVersion = "1.0.0",
            DumpToolVersion = "pg_dump (PostgreSQL) 15.14",
            PreDestroy = true,
            ExpiresAt = Monday.AddDays(90),
            Parts = [new BackupPart(BackupPartNames.Database, "20261130T030000Z-a1b2c3/database.dump", 123, new string('b', 64), "application/octet-stream")],
            Tables = [new TableRowCount("public", "users", 3)],
        };

        var read = BackupManifestJson.Deserialize(BackupManifestJson.Serialize(manifest), "test");

        Assert.Equal(BackupManifestJson.Serialize(manifest), BackupManifestJson.Serialize(read));
        Assert.Equal(manifest.Parts, read.Parts);
        Assert.Equal(manifest.SchemaMigration, read.SchemaMigration);
    }

    [Fact]
    public void ManifestOfAnotherFormatIsRefused()
    {
        var json = Encoding.UTF8.GetBytes("""{"format": 7, "backup_id": "x", "environment": "dev", "started_at": "2026-01-01T00:00:00Z", "completed_at": "2026-01-01T00:00:00Z", "coder_version": "1", "spec_digest": "x", "tool_version": "1", "dump_tool_version": "1", "parts": []}""");

        var refusal = Assert.Throws<BackupIntegrityException>(() => BackupManifestJson.Deserialize(json, "s3://b/manifest.json"));

        Assert.Contains("format 7", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BackupIdsCarryTheirUtcStartAndSortByIt()
    {
        var earlier = BackupLayout.NewBackupId(Monday, "ffffff");
        var later = BackupLayout.NewBackupId(Monday.AddSeconds(1), "000000");

        Assert.Equal("20261130T030000Z-ffffff", earlier);
        Assert.Equal(Monday, BackupLayout.StartedAtOf(earlier));
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }

    private async Task<string> WriteBackupAsync(string bucket, DateTimeOffset startedAt, string shortId, bool writeManifest)
    {
        var writer = new BackupObjectWriter(fixture.S3);
        var id = BackupLayout.NewBackupId(startedAt, shortId);
        var kubernetes = await writer.WritePartAsync(bucket, id, BackupPartNames.Kubernetes, "kubernetes.yaml", "application/yaml", Encoding.UTF8.GetBytes("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: coder\n"), CancellationToken.None);
        var spec = await writer.WritePartAsync(bucket, id, BackupPartNames.Spec, "spec.yaml", "application/yaml", Encoding.UTF8.GetBytes("name: dev\n"), CancellationToken.None);
        if (writeManifest)
        {
            await writer.WriteManifestAsync(bucket, new BackupManifest
            {
                BackupId = id,
                Environment = "dev",
                StartedAt = startedAt,
                CompletedAt = startedAt.AddMinutes(1),
                CoderVersion = "2.35.3",
                SpecDigest = new string('0', 64),
                ToolVersion = "test",
                DumpToolVersion = "none",
                Parts = [kubernetes, spec],
            }, CancellationToken.None);
        }

        return id;
    }
}
