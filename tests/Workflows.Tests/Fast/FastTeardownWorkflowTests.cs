using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>The teardown's control flow with stand-in activities and a stand-in backup workflow.</summary>
public sealed class FastTeardownWorkflowTests : IClassFixture<FastWorkflowFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Deletes = ["RemoveCoder", "DeleteCluster", "DeleteVolume", "DeleteDatabase", "DeletePrivateNetwork", "RemoveKubeconfig", "RecordDestroyed", "PurgeState"];
    private readonly FastWorkflowFixture _fixture;

    public FastTeardownWorkflowTests(FastWorkflowFixture fixture) => _fixture = fixture;

    private Task RunAsync(Action<StandInActivities> arrange, Func<string, StandInActivities, string, Task> test) =>
        _fixture.RunWithTeardownAsync(arrange, test);

    private Task<WorkflowHandle<TeardownWorkflow, TeardownResult>> StartAsync(string taskQueue, TeardownInput input) =>
        _fixture.Client.StartWorkflowAsync((TeardownWorkflow w) => w.RunAsync(input), new(WorkflowNames.Teardown(input.Environment), taskQueue));

    private static int IndexOf(StandInActivities standIns, string activity) => standIns.Calls.ToList().FindIndex(c => c.Activity == activity);

    [Fact]
    public async Task DryRunTakesTheInventoryAndCallsNoDelete()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new TeardownInput(env, DryRun: true))).GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("inventory", result.Outcome);
            Assert.Equal(65m, result.Inventory.MonthlyCostEur);
            Assert.All(Deletes, d => Assert.Equal(0, standIns.CountOf(d)));
            Assert.Equal(0, standIns.CountOf("RunHook"));
            Assert.False(StandInBackupWorkflow.Inputs.ContainsKey(env));
        });
    }

    [Fact]
    public async Task AnEmptyInventoryEndsAtOnceWithNothingToTearDown()
    {
        await RunAsync(s => { s.Inventory.Clear(); s.CoderDeployed = false; }, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new TeardownInput(env))).GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("nothing to tear down", result.Outcome);
            Assert.All(Deletes, d => Assert.Equal(0, standIns.CountOf(d)));
        });
    }

    [Fact]
    public async Task PreDestroyBackupWithNinetyDaysRetentionRunsAsAChildBeforeAnyDelete()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new TeardownInput(env));
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("destroyed", result.Outcome);
            var backup = StandInBackupWorkflow.Inputs[env];
            Assert.True(backup.PreDestroy);
            Assert.Equal(90, backup.RetentionDays);
            Assert.NotNull(backup.Snapshot);
            Assert.Equal("backup-1", result.Backup!.BackupId);
            Assert.Contains(result.Kept, k => k.Contains("coder-backups-" + env, StringComparison.Ordinal));
            var history = await handle.FetchHistoryAsync();
            var child = history.Events.Single(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated).StartChildWorkflowExecutionInitiatedEventAttributes;
            Assert.Equal(WorkflowNames.Backup(env), child.WorkflowId);
            var childStarted = history.Events.First(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated).EventId;
            var firstDelete = history.Events.First(e => e.EventType == EventType.ActivityTaskScheduled
                && Deletes.Contains(e.ActivityTaskScheduledEventAttributes.ActivityType.Name)).EventId;
            Assert.True(childStarted < firstDelete);
        });
    }

    [Fact]
    public async Task SkipBackupIsRecordedAndStartsNoBackup()
    {
        await RunAsync(_ => { }, async (env, _, queue) =>
        {
            var handle = await StartAsync(queue, new TeardownInput(env, SkipBackup: true));
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("--skip-backup", result.BackupSkippedBecause);
            Assert.Null(result.Backup);
            Assert.False(StandInBackupWorkflow.Inputs.ContainsKey(env));
            var step = (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "backup");
            Assert.Equal(StepState.Skipped, step.State);
            Assert.DoesNotContain((await handle.FetchHistoryAsync()).Events, e => e.EventType == EventType.StartChildWorkflowExecutionInitiated);
        });
    }

    [Fact]
    public async Task CoderGoesFirstAndThePrivateNetworkOnlyAfterClusterAndDatabase()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new TeardownInput(env, SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
            var coder = IndexOf(standIns, "RemoveCoder");
            Assert.True(coder < IndexOf(standIns, "DeleteCluster") && coder < IndexOf(standIns, "DeleteDatabase"));
            Assert.True(IndexOf(standIns, "DeletePrivateNetwork") > IndexOf(standIns, "DeleteCluster"));
            Assert.True(IndexOf(standIns, "DeletePrivateNetwork") > IndexOf(standIns, "DeleteDatabase"));
            Assert.True(IndexOf(standIns, "RecordDestroyed") > IndexOf(standIns, "DeletePrivateNetwork"));
            Assert.Equal(65m, result.MonthlyCostSavedEur);
            Assert.Contains("cluster cluster-1", result.Deleted);
            Assert.Contains(["coder", "infrastructure", "state"], p => result.PhaseDurations.ContainsKey(p));
        });
    }

    [Fact]
    public async Task TheClustersVolumesAreListedBeforeItGoesAndMadeSureGoneBeforeThePrivateNetwork()
    {
        await RunAsync(s => s.ClusterVolumes.Add("fr-par-1/volume-2"), async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new TeardownInput(env, SkipBackup: true));
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("cluster-1", Assert.Single(standIns.InputsOf<TeardownTarget>("ListClusterVolumes")).ResourceId);
            Assert.True(IndexOf(standIns, "ListClusterVolumes") < IndexOf(standIns, "DeleteCluster"));
            Assert.True(IndexOf(standIns, "ListClusterVolumes") > IndexOf(standIns, "RemoveCoder"));
            Assert.Equal(["fr-par-1/volume-1", "fr-par-1/volume-2"], standIns.InputsOf<TeardownTarget>("DeleteVolume").Select(t => t.ResourceId).Order());
            Assert.True(standIns.Calls.ToList().FindLastIndex(c => c.Activity == "DeleteVolume") < IndexOf(standIns, "DeletePrivateNetwork"));
            Assert.True(IndexOf(standIns, "DeleteVolume") > IndexOf(standIns, "DeleteCluster"));
            Assert.Contains("block volume fr-par-1/volume-2", result.Deleted);
            Assert.Equal(StepState.Completed, (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "volumes").State);
        });
    }

    [Fact]
    public async Task AClusterWithoutScalewayVolumesSkipsTheVolumesStep()
    {
        await RunAsync(s => s.ClusterVolumes.Clear(), async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new TeardownInput(env, SkipBackup: true));
            await handle.GetResultAsync().WaitAsync(RunTimeout);
            var step = (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "volumes");
            Assert.Equal(StepState.Skipped, step.State);
            Assert.Equal(0, standIns.CountOf("DeleteVolume"));
        });
    }

    [Fact]
    public async Task EveryTaggedClusterIsDeletedOrphansIncluded()
    {
        await RunAsync(s => s.Inventory.Add(new(Activities.Infra.ResourceKinds.Cluster, "cluster-orphan", "coder-cluster", "creating", false, true, 0m)),
            async (env, standIns, queue) =>
            {
                await (await StartAsync(queue, new TeardownInput(env, SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
                Assert.Equal(["cluster-1", "cluster-orphan"], standIns.InputsOf<TeardownTarget>("DeleteCluster").Select(t => t.ResourceId).Order());
            });
    }

    [Fact]
    public async Task CoderOnlyRemovesCoderAndKeepsTheInfrastructure()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new TeardownInput(env, CoderOnly: true))).GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("coder removed", result.Outcome);
            Assert.Equal(1, standIns.CountOf("RemoveCoder"));
            Assert.All(new[] { "ListClusterVolumes", "DeleteCluster", "DeleteVolume", "DeleteDatabase", "DeletePrivateNetwork", "RemoveKubeconfig" }, d => Assert.Equal(0, standIns.CountOf(d)));
            Assert.True(Assert.Single(standIns.InputsOf<RecordDestroyedInput>("RecordDestroyed")).CoderOnly);
            Assert.Equal(10m, result.MonthlyCostSavedEur);
            Assert.Contains(result.Kept, k => k.StartsWith("cluster cluster-1", StringComparison.Ordinal));
            Assert.Equal(0, standIns.CountOf("DeleteSchedules"));
        });
    }

    [Fact]
    public async Task AFullTeardownDeletesTheEnvironmentsSchedulesAfterItsState()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new TeardownInput(env, SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal(WorkflowNames.Schedules(env), Assert.Single(standIns.InputsOf<IReadOnlyList<string>>("DeleteSchedules")));
            Assert.True(IndexOf(standIns, "DeleteSchedules") > IndexOf(standIns, "RecordDestroyed"));
            Assert.Contains($"schedule backup-{env}", result.Deleted);
        });
    }

    [Fact]
    public async Task PurgeStateDeletesTheStateBucketInsteadOfMarkingItDestroyed()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new TeardownInput(env, SkipBackup: true, PurgeState: true))).GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal(1, standIns.CountOf("PurgeState"));
            Assert.Equal(0, standIns.CountOf("RecordDestroyed"));
            Assert.Contains($"state bucket terraform-state-coder-{env}", result.Deleted);
        });
    }

    [Fact]
    public async Task AnEnvironmentThatRequiresApprovalDeletesNothingWhenRejected()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            File.WriteAllText(_fixture.SpecFile(env), File.ReadAllText(_fixture.SpecFile(env)).Replace("approval_required: false", "approval_required: true", StringComparison.Ordinal));
            var handle = await StartAsync(queue, new TeardownInput(env, SkipBackup: true));
            await TestSupport.WaitUntilAsync(() => handle.QueryAsync(w => w.AwaitingApproval));
            Assert.Equal(0, standIns.CountOf("RemoveCoder"));
            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(false, "bob", "not today")));
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(RunTimeout));
            Assert.Contains("rejected by bob: not today; nothing was deleted", StepTracker.FailureMessage(error));
            Assert.All(Deletes, d => Assert.Equal(0, standIns.CountOf(d)));
        });
    }

    [Fact]
    public async Task AnEnvironmentThatRequiresApprovalProceedsOnceApproved()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            File.WriteAllText(_fixture.SpecFile(env), File.ReadAllText(_fixture.SpecFile(env)).Replace("approval_required: false", "approval_required: true", StringComparison.Ordinal));
            var handle = await StartAsync(queue, new TeardownInput(env, SkipBackup: true));
            await TestSupport.WaitUntilAsync(() => handle.QueryAsync(w => w.AwaitingApproval));
            Assert.Equal("approved by alice", await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null))));
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("alice", result.Approval!.By);
            Assert.Equal(1, standIns.CountOf("DeleteCluster"));
        });
    }

    [Fact]
    public async Task APermanentDeleteFailureStopsTheTeardownWithItsMessage()
    {
        await RunAsync(s => s.FailPermanently("DeleteDatabase", FailureKind.PermissionDenied, "delete database instance db-1: insufficient permissions"),
            async (env, standIns, queue) =>
            {
                var handle = await StartAsync(queue, new TeardownInput(env, SkipBackup: true));
                var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(RunTimeout));
                Assert.Contains("insufficient permissions", StepTracker.FailureMessage(error));
                Assert.Equal(0, standIns.CountOf("DeletePrivateNetwork"));
                Assert.Equal(0, standIns.CountOf("RecordDestroyed"));
                Assert.Equal(StepState.Failed, (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "database").State);
            });
    }
}
