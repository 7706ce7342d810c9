using CoderBootstrap.Activities.Runtime;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>The control flow of backups, restores and verifications with stand-in activities.</summary>
public sealed class FastBackupWorkflowTests : IClassFixture<FastWorkflowFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly FastWorkflowFixture _fixture;

    public FastBackupWorkflowTests(FastWorkflowFixture fixture) => _fixture = fixture;

    private async Task RunAsync(Action<BackupStandIns> arrange, Func<string, BackupStandIns, string, Task> test)
    {
        var env = _fixture.NewEnvironment();
        var standIns = _fixture.NewStandIns();
        standIns.Phase1Recorded = true;
        var backups = new BackupStandIns();
        arrange(backups);
        var taskQueue = "fast-backup-" + Guid.NewGuid().ToString("N");
        var options = new TemporalWorkerOptions(taskQueue).AddWorkflow<BackupWorkflow>().AddWorkflow<RestoreWorkflow>().AddWorkflow<BackupVerifyWorkflow>();
        options.AddAllActivities(standIns);
        options.AddAllActivities(backups);
        using var worker = new TemporalWorker(_fixture.Client, options);
        await worker.ExecuteAsync(() => test(env, backups, taskQueue));
    }

    private Task<BackupResult> BackupAsync(string queue, BackupInput input) =>
        _fixture.Client.ExecuteWorkflowAsync((BackupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Backup(input.Environment), queue)).WaitAsync(RunTimeout);

    private Task<WorkflowHandle<RestoreWorkflow, RestoreResult>> StartRestoreAsync(string queue, RestoreInput input) =>
        _fixture.Client.StartWorkflowAsync((RestoreWorkflow w) => w.RunAsync(input), new(WorkflowNames.Restore(input.Environment), queue));

    private static async Task<ApplicationFailureException> FailureOfAsync(Task run)
    {
        Exception? error = await Assert.ThrowsAsync<WorkflowFailedException>(() => run.WaitAsync(RunTimeout));
        while (error is not null and not ApplicationFailureException)
        {
            error = error.InnerException;
        }
        return Assert.IsType<ApplicationFailureException>(error);
    }

    [Fact]
    public Task ABackupWritesItsManifestAfterEveryPartAndAppliesRetentionLast() => RunAsync(_ => { }, async (env, backups, queue) =>
    {
        var result = await BackupAsync(queue, new BackupInput(env));
        Assert.Equal(["PreflightBackup", "DumpDatabase", "ExportKubernetesObjects", "CopySpecAndState", "WriteManifest", "ApplyRetention"], backups.Calls);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$", result.BackupId);
        Assert.Equal(result.StartedAt.AddDays(7), result.ExpiresAt!.Value.UtcDateTime);
    });

    [Fact]
    public Task IncludeAllAddsTheExtrasAndRetentionDaysSetTheExpiry() => RunAsync(_ => { }, async (env, backups, queue) =>
    {
        var result = await BackupAsync(queue, new BackupInput(env, IncludeAll: true, PreDestroy: true, RetentionDays: 90));
        Assert.Contains("CopyExtras", backups.Calls);
        Assert.True(result.PreDestroy);
        Assert.Equal(result.StartedAt.AddDays(90), result.ExpiresAt!.Value.UtcDateTime);
    });

    [Fact]
    public Task EveryNthBackupOfTheSpecIsRestoredIntoAScratchDatabase() => RunAsync(b => b.Sequence = 7, async (env, backups, queue) =>
    {
        var result = await BackupAsync(queue, new BackupInput(env));
        Assert.NotNull(result.Verification);
        var calls = backups.Calls.ToList();
        Assert.Equal(calls.IndexOf("WriteManifest") + 1, calls.IndexOf("VerifyByScratchRestore"));
    });

    [Fact]
    public Task ABackupNotDueForVerificationIsNotRestored() => RunAsync(b => b.Sequence = 3, async (env, backups, queue) =>
    {
        var result = await BackupAsync(queue, new BackupInput(env));
        Assert.Null(result.Verification);
        Assert.DoesNotContain("VerifyByScratchRestore", backups.Calls);
    });

    [Fact]
    public Task AFailedVerificationFailsTheBackupBeforeRetentionDeletesAnything() => RunAsync(b => b.ScratchRestoreMatches = false, async (env, backups, queue) =>
    {
        var failure = await FailureOfAsync(BackupAsync(queue, new BackupInput(env, Verify: true)));
        Assert.Equal("BackupVerificationFailed", failure.ErrorType);
        Assert.DoesNotContain("ApplyRetention", backups.Calls);
    });

    [Fact]
    public Task ARestoreScalesDownRestoresReappliesAndScalesBackToThePreviousReplicas() => RunAsync(b => b.Replicas = 2, async (env, backups, queue) =>
    {
        var result = await (await StartRestoreAsync(queue, new RestoreInput(env, "latest"))).GetResultAsync().WaitAsync(RunTimeout);
        Assert.Equal(["VerifyChecksums", "ReadRunningCoder", "ScaleCoder:0", "RestoreDatabase", "ReapplyCoderObjects", "ScaleCoder:2"], backups.Calls);
        Assert.False(result.Forced);
        Assert.True(result.Health.AllPassed);
    });

    [Fact]
    public Task ARestoreOntoAnotherCoderVersionStopsBeforeScalingDown() => RunAsync(b => b.RunningCoderVersion = "2.25.0", async (env, backups, queue) =>
    {
        var handle = await StartRestoreAsync(queue, new RestoreInput(env, "latest"));
        var failure = await FailureOfAsync(handle.GetResultAsync());
        Assert.Equal(nameof(FailureKind.CoderVersionMismatch), failure.ErrorType);
        Assert.DoesNotContain(backups.Calls, c => c.StartsWith("ScaleCoder", StringComparison.Ordinal));
    });

    [Fact]
    public Task AForcedRestoreOntoAnotherCoderVersionRunsAndIsRecorded() => RunAsync(b => b.RunningCoderVersion = "2.25.0", async (env, backups, queue) =>
    {
        var handle = await StartRestoreAsync(queue, new RestoreInput(env, "latest", Force: true));
        var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
        Assert.True(result.Forced);
        Assert.Contains("RestoreDatabase", backups.Calls);
        var status = await handle.QueryAsync(w => w.Status);
        Assert.StartsWith("FORCED", status.Steps.Single(s => s.Name == "coder version").Detail);
    });

    [Fact]
    public Task DamagedChecksumsStopARestoreBeforeAnythingChanges() => RunAsync(b => b.ChecksumsMatch = false, async (env, backups, queue) =>
    {
        var failure = await FailureOfAsync((await StartRestoreAsync(queue, new RestoreInput(env, "latest"))).GetResultAsync());
        Assert.Contains("nothing was changed", failure.Message);
        Assert.Equal(["VerifyChecksums"], backups.Calls);
    });

    [Fact]
    public Task AVerificationOfDamagedChecksumsSkipsTheScratchRestore() => RunAsync(b => b.ChecksumsMatch = false, async (env, backups, queue) =>
    {
        var input = new BackupVerifyInput(env);
        var result = await _fixture.Client.ExecuteWorkflowAsync((BackupVerifyWorkflow w) => w.RunAsync(input), new(WorkflowNames.VerifyBackup(env), queue)).WaitAsync(RunTimeout);
        Assert.False(result.Passed);
        Assert.Null(result.Restore);
        Assert.DoesNotContain("VerifyByScratchRestore", backups.Calls);
    });
}
