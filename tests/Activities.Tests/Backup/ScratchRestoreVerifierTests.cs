using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Tests.Infra;

namespace CoderBootstrap.Activities.Tests.Backup;

[Collection(BackupCollection.Name)]
public sealed class ScratchRestoreVerifierTests(BackupFixture fixture)
{
    [PostgresFact]
    public async Task VerificationRestoreMatchesTheFiguresRecordedAtBackupAndDropsTheScratchDatabase()
    {
        var (source, target, dump) = await DumpAsync("abc201");
        await fixture.ExecuteAsync(source, "DELETE FROM workspaces WHERE id > 100");

        var verification = await Verifier().VerifyAsync(source, fixture.Password, target, new ExpectedContent(dump.Object.Size, dump.Object.Sha256), dump.Figures, CancellationToken.None);

        Assert.True(verification.Matches, string.Join("; ", verification.Differences));
        Assert.Equal(5000, verification.Restored.Tables.Single(t => t.Table == "workspaces").Rows);
        Assert.False(await fixture.DatabaseExistsAsync(verification.ScratchDatabase));
    }

    [PostgresFact]
    public async Task VerificationReportsEveryTableWhoseRowCountDiffersFromTheRecord()
    {
        var (source, target, dump) = await DumpAsync("abc202");
        var recorded = dump.Figures with
        {
            Tables = [.. dump.Figures.Tables.Select(t => t.Table == "users" ? t with { Rows = t.Rows + 1 } : t)],
        };

        var verification = await Verifier().VerifyAsync(source, fixture.Password, target, new ExpectedContent(dump.Object.Size, dump.Object.Sha256), recorded, CancellationToken.None);

        Assert.Equal(["table public.users has 200 rows, the backup recorded 201"], verification.Differences);
    }

    [PostgresFact]
    public async Task VerificationOfATamperedDumpFailsAndStillDropsTheScratchDatabase()
    {
        var (source, target, dump) = await DumpAsync("abc203");
        await fixture.TamperAsync(target);
        var before = await fixture.RowsAsync(fixture.Endpoint("postgres"), "SELECT datname FROM pg_database ORDER BY 1");

        await Assert.ThrowsAsync<BackupIntegrityException>(() =>
            Verifier().VerifyAsync(source, fixture.Password, target, new ExpectedContent(dump.Object.Size, dump.Object.Sha256), dump.Figures, CancellationToken.None));

        Assert.Equal(before, await fixture.RowsAsync(fixture.Endpoint("postgres"), "SELECT datname FROM pg_database ORDER BY 1"));
    }

    private async Task<(DatabaseEndpoint Source, ObjectLocation Target, DatabaseDump Dump)> DumpAsync(string shortId)
    {
        var source = await fixture.CreateDatabaseAsync();
        await fixture.ExecuteAsync(source, CoderLikeSchema.Create);
        var target = new ObjectLocation(await fixture.CreateBucketAsync(), $"20260101T000000Z-{shortId}/database.dump");
        var dump = await new DatabaseDumpStreamer(fixture.Tools, new MultipartStreamUploader(fixture.S3)).DumpAsync(source, fixture.Password, target, null, null, CancellationToken.None);
        return (source, target, dump);
    }

    private ScratchRestoreVerifier Verifier() => new(new DatabaseRestoreStreamer(fixture.Tools, fixture.S3));
}
