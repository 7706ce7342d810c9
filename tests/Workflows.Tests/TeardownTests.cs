using k8s;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Sandbox.Runtime;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// Teardowns end to end on the embedded server and the sandbox, each test on a cloud of its own.
/// Only the test of the pre-destroy backup takes one; the others skip it (--skip-backup) to stay short.
/// </summary>
public sealed class TeardownTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);


    private static Task WithCloudAsync(Func<CloudFixture, Task> test) => CloudFixture.WithOwnCloudAsync(test);

    private static Task<(int Code, string Out, string Error)> StarterAsync(CloudFixture cloud, params string[] args) => cloud.StarterAsync(args);

    private static async Task SetUpAsync(CloudFixture cloud, string env)
    {
        var result = await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput(env, AutoApprove: true)),
            new(WorkflowNames.Setup(env), WorkflowNames.TaskQueue) { IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate }).WaitAsync(RunTimeout);
        Assert.Equal("completed", result.Outcome);
    }

    private static Task<WorkflowHandle<TeardownWorkflow, TeardownResult>> StartTeardownAsync(CloudFixture cloud, TeardownInput input) =>
        cloud.Client.StartWorkflowAsync((TeardownWorkflow w) => w.RunAsync(input), new(WorkflowNames.Teardown(input.Environment), WorkflowNames.TaskQueue));


    private static async Task<bool> AwaitingApprovalAsync(CloudFixture cloud, string id)
    {
        try
        {
            return await cloud.Client.GetWorkflowHandle(id).QueryAsync<bool>("AwaitingApproval", []);
        }
        catch (RpcException)
        {
            return false;
        }
    }

    [Fact]
    public async Task DevTeardownThroughTheStarterLeavesNoTaggedResourceAndMarksTheStateDestroyed() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        Assert.NotEmpty(await cloud.TaggedResourcesAsync("dev"));
        var (code, output, error) = await StarterAsync(cloud, "run", "teardown", "--env=dev", "--confirm", "--skip-backup");
        Assert.True(code == 0, error + output);
        Assert.Contains("Teardown of dev completed", output);
        Assert.Contains("Monthly cost saved: €53.70", output);
        Assert.Contains("skipped (--skip-backup)", output);
        Assert.Empty(await cloud.TaggedResourcesAsync("dev"));
        var infra = await cloud.Services.State.ReadInfraAsync("dev");
        Assert.NotNull(infra!.Content.DestroyedAt);
        Assert.Null(infra.Content.Cluster);
        Assert.NotNull((await cloud.Services.State.ReadCoderAsync("dev"))!.Content.DestroyedAt);
        Assert.Null(await cloud.Services.Kubeconfigs.DownloadAsync("dev"));
    });

    [Fact]
    public async Task DevTeardownTakesAPreDestroyBackupKeptNinetyDaysThatOutlivesTheEnvironment() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        var result = await (await StartTeardownAsync(cloud, new TeardownInput("dev"))).GetResultAsync().WaitAsync(RunTimeout);
        Assert.Equal("destroyed", result.Outcome);
        Assert.Empty(await cloud.TaggedResourcesAsync("dev"));
        var backup = Assert.IsType<BackupResult>(result.Backup);
        Assert.True(backup.PreDestroy);
        var kept = backup.ExpiresAt!.Value - new DateTimeOffset(backup.StartedAt, TimeSpan.Zero);
        Assert.InRange(kept, TimeSpan.FromDays(TeardownInput.DefaultRetentionDays) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(TeardownInput.DefaultRetentionDays) + TimeSpan.FromMinutes(5));
        Assert.Contains(result.Kept, kept => kept.Contains(backup.BackupId, StringComparison.Ordinal));
        var (code, output, error) = await StarterAsync(cloud, "backup", "list", "--env=dev");
        Assert.True(code == 0, error + output);
        Assert.Contains(backup.BackupId, output);
    });

    [Fact]
    public async Task AVolumeRetainedOutsideCodersNamespaceIsGoneAfterTheTeardownAndNoStorageBillsOn() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        using (var client = await Activities.Kubernetes.ClusterConnector.ConnectAsync(cloud.Services, "dev", null, CancellationToken.None))
        {
            await client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "data" } });
            await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new k8s.Models.V1PersistentVolumeClaim
            {
                Metadata = new() { Name = "archive" },
                Spec = new()
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = "sbs-default-retain",
                    Resources = new() { Requests = new Dictionary<string, k8s.Models.ResourceQuantity> { ["storage"] = new("20Gi") } },
                },
            }, "data");
        }
        Assert.NotEmpty(await cloud.Services.Scaleway.Block.ListVolumesAsync());

        var handle = await StartTeardownAsync(cloud, new TeardownInput("dev", SkipBackup: true));
        var result = await handle.GetResultAsync().WaitAsync(RunTimeout);

        Assert.Equal("destroyed", result.Outcome);
        Assert.Empty(await cloud.Services.Scaleway.Block.ListVolumesAsync());
        var scheduled = (await handle.FetchHistoryAsync()).Events.Where(e => e.EventType == EventType.ActivityTaskScheduled)
            .Select(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name).ToList();
        Assert.Contains("DeleteVolume", scheduled);
        Assert.Empty(await cloud.TaggedResourcesAsync("dev"));
    });

    [Fact]
    public async Task StagingTeardownLeavesNoTaggedResource() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "staging");
        var result = await (await StartTeardownAsync(cloud, new TeardownInput("staging", SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
        Assert.Equal("destroyed", result.Outcome);
        Assert.Equal(97.85m, result.MonthlyCostSavedEur);
        Assert.Empty(await cloud.TaggedResourcesAsync("staging"));
    });

    [Fact]
    public async Task ProdTeardownWaitsForApprovalGivenWithTheStarter() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "prod");
        var teardown = StarterAsync(cloud, "run", "teardown", "--env=prod", "--confirm", "--skip-backup");
        await TestSupport.WaitUntilAsync(() => AwaitingApprovalAsync(cloud, WorkflowNames.Teardown("prod")));
        Assert.NotEmpty(await cloud.TaggedResourcesAsync("prod"));
        var (approveCode, approved, _) = await StarterAsync(cloud, "approve", "--env=prod", "--by=carol");
        Assert.Equal(0, approveCode);
        Assert.Contains("teardown of prod: approved by carol", approved);
        var (code, output, error) = await teardown.WaitAsync(RunTimeout);
        Assert.True(code == 0, error + output);
        Assert.Contains("Approved by:     carol", output);
        Assert.Empty(await cloud.TaggedResourcesAsync("prod"));
    });

    [Fact]
    public async Task WithoutConfirmTheStarterPrintsTheInventoryOnlyReadsAndExitsTwo() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        var before = cloud.Sandbox.Runtime.GetRequestLog().Select(e => e.Sequence).DefaultIfEmpty().Max();
        var (code, output, error) = await StarterAsync(cloud, "run", "teardown", "--env=dev");
        Assert.Equal(2, code);
        Assert.Contains("Teardown of dev would delete:", output);
        Assert.Contains("Monthly cost stopped: €53.70", output);
        Assert.Contains("--confirm", error);
        var calls = cloud.Sandbox.Runtime.GetRequestLog(afterSequence: before);
        Assert.NotEmpty(calls);
        Assert.DoesNotContain(calls, e => e.Mutation);
        Assert.NotEmpty(await cloud.TaggedResourcesAsync("dev"));
    });

    [Fact]
    public async Task AnOrphanClusterOfAnInterruptedSetupIsFoundAndRemoved() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        // A setup killed right after its create call: a second cluster with the environment's name and tags, recorded nowhere.
        var spec = cloud.Services.Environments.Load("dev");
        var infra = (await cloud.Services.State.ReadInfraAsync("dev"))!.Content;
        var version = (await cloud.Services.Scaleway.Kapsule.ResolveVersionAsync(spec.Kubernetes.Version)).Name;
        var orphan = await cloud.Services.Scaleway.Kapsule.CreateClusterAsync(
            EnvironmentResourceRequests.Cluster(spec, cloud.Services.Credentials.ProjectId, infra.Network!.PrivateNetworkId, version));
        var result = await (await StartTeardownAsync(cloud, new TeardownInput("dev", SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
        Assert.Contains(result.Inventory.Items, i => i.Id == orphan.Id && i.Orphan);
        Assert.Contains($"cluster {orphan.Id}", result.Deleted);
        Assert.Empty(await cloud.TaggedResourcesAsync("dev"));
    });

    [Fact]
    public async Task APrivateNetworkStillInUseIsRetriedUntilItIsDeleted() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule
        {
            Operation = "vpc.private_networks.delete", Status = 409, Type = "transient_state", Message = "resource is in a transient state", Count = 8,
        });
        var result = await (await StartTeardownAsync(cloud, new TeardownInput("dev", SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
        Assert.Equal("destroyed", result.Outcome);
        var deletes = cloud.Sandbox.Runtime.GetRequestLog("vpc.private_networks.delete");
        Assert.Equal(8, deletes.Count(e => e.Faulted));
        Assert.Contains(deletes, e => !e.Faulted);
        Assert.Empty(await cloud.TaggedResourcesAsync("dev"));
    });

    [Fact]
    public async Task APermanentFaultStopsTheTeardownWithAClearMessageAndARerunFinishesIt() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "k8s.clusters.delete", Status = 403, Type = "permissions_denied", Message = "insufficient permissions" });
        var (code, output, error) = await StarterAsync(cloud, "run", "teardown", "--env=dev", "--confirm", "--skip-backup");
        Assert.Equal(1, code);
        Assert.Contains("teardown of dev failed:", error);
        Assert.Contains("insufficient permissions", error);
        Assert.Contains("run the same command again", error);
        Assert.Contains(await cloud.TaggedResourcesAsync("dev"), r => r.StartsWith("cluster ", StringComparison.Ordinal));

        cloud.Sandbox.Runtime.ClearFaults();
        (code, output, error) = await StarterAsync(cloud, "run", "teardown", "--env=dev", "--confirm", "--skip-backup");
        Assert.True(code == 0, error + output);
        Assert.Empty(await cloud.TaggedResourcesAsync("dev"));
    });

    [Fact]
    public async Task AKilledWorkerMidTeardownIsReplacedAndTheTeardownFinishes() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        // Slow cluster reads so the worker dies while the cluster deletion is being waited for.
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "k8s.clusters.get", LatencyMs = 300 });
        var handle = await StartTeardownAsync(cloud, new TeardownInput("dev", SkipBackup: true));
        await TestSupport.WaitUntilAsync(async () => (await handle.FetchHistoryAsync()).Events.Any(e => e.EventType == EventType.ActivityTaskScheduled
            && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == "DeleteCluster"));
        await cloud.StopWorkerAsync();
        cloud.Sandbox.Runtime.ClearFaults();
        cloud.StartWorker();
        var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
        Assert.Equal("destroyed", result.Outcome);
        var scheduled = (await handle.FetchHistoryAsync()).Events.Where(e => e.EventType == EventType.ActivityTaskScheduled)
            .GroupBy(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, scheduled["TakeInventory"]);
        Assert.Equal(1, scheduled["RemoveCoder"]);
        Assert.Empty(await cloud.TaggedResourcesAsync("dev"));
    });

    [Fact]
    public async Task ATeardownIsRefusedWhileASetupOfTheEnvironmentRuns() => await WithCloudAsync(async cloud =>
    {
        var setup = await cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("prod")), new(WorkflowNames.Setup("prod"), WorkflowNames.TaskQueue));
        await TestSupport.WaitUntilAsync(() => AwaitingApprovalAsync(cloud, WorkflowNames.Setup("prod")));
        var (code, _, error) = await StarterAsync(cloud, "run", "teardown", "--env=prod", "--confirm", "--skip-backup");
        Assert.Equal(3, code);
        Assert.Contains("workflow setup-prod", error);
        await Assert.ThrowsAsync<RpcException>(() => cloud.Client.GetWorkflowHandle(WorkflowNames.Teardown("prod")).DescribeAsync());
        await setup.TerminateAsync("test over");
    });

    [Fact]
    public async Task ASetupIsRefusedWhileATeardownOfTheEnvironmentRuns() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "prod");
        var teardown = await StartTeardownAsync(cloud, new TeardownInput("prod", SkipBackup: true));
        await TestSupport.WaitUntilAsync(() => AwaitingApprovalAsync(cloud, WorkflowNames.Teardown("prod")));
        var (code, _, error) = await StarterAsync(cloud, "run", "setup", "--env=prod");
        Assert.Equal(3, code);
        Assert.Contains("workflow teardown-prod", error);
        var (coderCode, _, coderError) = await StarterAsync(cloud, "run", "coder", "--env=prod");
        Assert.Equal(3, coderCode);
        Assert.Contains("workflow teardown-prod", coderError);
        await teardown.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(false, "test", "over")));
    });

    [Fact]
    public async Task ASecondTeardownSucceedsAtOnceWithNothingToTearDown() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        await (await StartTeardownAsync(cloud, new TeardownInput("dev", SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
        var before = cloud.Sandbox.Runtime.GetRequestLog().Select(e => e.Sequence).DefaultIfEmpty().Max();
        var (code, output, error) = await StarterAsync(cloud, "run", "teardown", "--env=dev", "--confirm", "--skip-backup");
        Assert.True(code == 0, error + output);
        Assert.Contains("nothing to tear down", output);
        Assert.DoesNotContain(cloud.Sandbox.Runtime.GetRequestLog(afterSequence: before), e => e.Mutation && e.Operation?.StartsWith("s3.", StringComparison.Ordinal) != true);
    });

    [Fact]
    public async Task ASetupAfterATeardownCreatesAFreshEnvironment() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        var first = (await cloud.Services.State.ReadInfraAsync("dev"))!.Content.Cluster!.ClusterId;
        await (await StartTeardownAsync(cloud, new TeardownInput("dev", SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
        var again = await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev")),
            new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue)).WaitAsync(RunTimeout);
        Assert.Equal("completed", again.Outcome);
        Assert.False(again.InfraAdopted);
        var second = (await cloud.Services.State.ReadInfraAsync("dev"))!.Content;
        Assert.NotEqual(first, second.Cluster!.ClusterId);
        Assert.Null(second.DestroyedAt);
    });

    [Fact]
    public async Task CoderOnlyTeardownRemovesCoderAndItsLoadBalancerAndKeepsTheInfrastructure() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "dev");
        var (code, output, error) = await StarterAsync(cloud, "run", "teardown", "--env=dev", "--confirm", "--coder-only");
        Assert.True(code == 0, error + output);
        var left = await cloud.TaggedResourcesAsync("dev");
        Assert.DoesNotContain(left, r => r.StartsWith("load balancer", StringComparison.Ordinal));
        Assert.Contains(left, r => r.StartsWith("cluster ", StringComparison.Ordinal));
        Assert.Contains(left, r => r.StartsWith("database ", StringComparison.Ordinal));
        Assert.NotNull((await cloud.Services.State.ReadCoderAsync("dev"))!.Content.DestroyedAt);
        Assert.Null((await cloud.Services.State.ReadInfraAsync("dev"))!.Content.DestroyedAt);
    });
}
