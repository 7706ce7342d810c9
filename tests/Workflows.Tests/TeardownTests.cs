using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Starter;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// Teardowns end to end on the embedded server and the sandbox, each test on a cloud of its own.
/// The backup workflow is built on another branch: these runs use --skip-backup (SkipBackup).
/// </summary>
public sealed class TeardownTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private static string Root => Activities.Runtime.CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

    private static async Task WithCloudAsync(Func<CloudFixture, Task> test)
    {
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            await test(cloud);
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }

    private static async Task<(int Code, string Out, string Error)> StarterAsync(CloudFixture cloud, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StarterCommands.RunAsync(args, new StarterContext
        {
            RepositoryRoot = Root,
            Out = output,
            Error = error,
            Environment = name => name == "TEMPORAL_ADDRESS" ? cloud.Server.Address : null,
            ProgressInterval = TimeSpan.FromMilliseconds(100),
        });
        return (code, output.ToString(), error.ToString());
    }

    private static async Task SetUpAsync(CloudFixture cloud, string env)
    {
        var result = await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput(env, AutoApprove: true)),
            new(WorkflowNames.Setup(env), WorkflowNames.TaskQueue) { IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate }).WaitAsync(RunTimeout);
        Assert.Equal("completed", result.Outcome);
    }

    private static Task<WorkflowHandle<TeardownWorkflow, TeardownResult>> StartTeardownAsync(CloudFixture cloud, TeardownInput input) =>
        cloud.Client.StartWorkflowAsync((TeardownWorkflow w) => w.RunAsync(input), new(WorkflowNames.Teardown(input.Environment), WorkflowNames.TaskQueue));

    /// <summary>Every resource of the sandbox tagged with the environment (and every load balancer: each test has a cloud of its own).</summary>
    private static async Task<IReadOnlyList<string>> LeftOverAsync(CloudFixture cloud, string env)
    {
        var api = cloud.Services.Scaleway;
        string[] tags = ["managed-by=coder-bootstrap", $"env={env}"];
        bool Tagged(IScalewayTaggedResource r) => tags.All(t => r.Tags?.Contains(t) == true);
        var left = new List<string>();
        var clusters = (await api.Kapsule.ListClustersAsync()).Where(Tagged).ToList();
        left.AddRange(clusters.Select(c => $"cluster {c.Id} {c.Status}"));
        foreach (var cluster in clusters)
        {
            left.AddRange((await api.Kapsule.ListPoolsAsync(cluster.Id)).Select(p => $"pool {p.Id}"));
        }
        left.AddRange((await api.Rdb.ListInstancesAsync(tags: tags)).Select(i => $"database {i.Id} {i.Status}"));
        left.AddRange((await api.Vpc.ListPrivateNetworksAsync(tags: tags)).Select(n => $"private network {n.Id}"));
        left.AddRange((await api.Lb.ListLoadBalancersAsync()).Select(lb => $"load balancer {lb.Name} {lb.Status}"));
        return left;
    }

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
        Assert.NotEmpty(await LeftOverAsync(cloud, "dev"));
        var (code, output, error) = await StarterAsync(cloud, "run", "teardown", "--env=dev", "--confirm", "--skip-backup");
        Assert.True(code == 0, error + output);
        Assert.Contains("Teardown of dev completed", output);
        Assert.Contains("Monthly cost saved: €53.70", output);
        Assert.Contains("skipped (--skip-backup)", output);
        Assert.Empty(await LeftOverAsync(cloud, "dev"));
        var infra = await cloud.Services.State.ReadInfraAsync("dev");
        Assert.NotNull(infra!.Content.DestroyedAt);
        Assert.Null(infra.Content.Cluster);
        Assert.NotNull((await cloud.Services.State.ReadCoderAsync("dev"))!.Content.DestroyedAt);
        Assert.Null(await cloud.Services.Kubeconfigs.DownloadAsync("dev"));
    });

    [Fact]
    public async Task StagingTeardownLeavesNoTaggedResource() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "staging");
        var result = await (await StartTeardownAsync(cloud, new TeardownInput("staging", SkipBackup: true))).GetResultAsync().WaitAsync(RunTimeout);
        Assert.Equal("destroyed", result.Outcome);
        Assert.Equal(97.85m, result.MonthlyCostSavedEur);
        Assert.Empty(await LeftOverAsync(cloud, "staging"));
    });

    [Fact]
    public async Task ProdTeardownWaitsForApprovalGivenWithTheStarter() => await WithCloudAsync(async cloud =>
    {
        await SetUpAsync(cloud, "prod");
        var teardown = StarterAsync(cloud, "run", "teardown", "--env=prod", "--confirm", "--skip-backup");
        await TestSupport.WaitUntilAsync(() => AwaitingApprovalAsync(cloud, WorkflowNames.Teardown("prod")));
        Assert.NotEmpty(await LeftOverAsync(cloud, "prod"));
        var (approveCode, approved, _) = await StarterAsync(cloud, "approve", "--env=prod", "--by=carol");
        Assert.Equal(0, approveCode);
        Assert.Contains("teardown of prod: approved by carol", approved);
        var (code, output, error) = await teardown.WaitAsync(RunTimeout);
        Assert.True(code == 0, error + output);
        Assert.Contains("Approved by:     carol", output);
        Assert.Empty(await LeftOverAsync(cloud, "prod"));
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
        Assert.NotEmpty(await LeftOverAsync(cloud, "dev"));
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
        Assert.Empty(await LeftOverAsync(cloud, "dev"));
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
        Assert.Empty(await LeftOverAsync(cloud, "dev"));
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
        Assert.Contains(await LeftOverAsync(cloud, "dev"), r => r.StartsWith("cluster ", StringComparison.Ordinal));

        cloud.Sandbox.Runtime.ClearFaults();
        (code, output, error) = await StarterAsync(cloud, "run", "teardown", "--env=dev", "--confirm", "--skip-backup");
        Assert.True(code == 0, error + output);
        Assert.Empty(await LeftOverAsync(cloud, "dev"));
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
        Assert.Empty(await LeftOverAsync(cloud, "dev"));
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
        var left = await LeftOverAsync(cloud, "dev");
        Assert.DoesNotContain(left, r => r.StartsWith("load balancer", StringComparison.Ordinal));
        Assert.Contains(left, r => r.StartsWith("cluster ", StringComparison.Ordinal));
        Assert.Contains(left, r => r.StartsWith("database ", StringComparison.Ordinal));
        Assert.NotNull((await cloud.Services.State.ReadCoderAsync("dev"))!.Content.DestroyedAt);
        Assert.Null((await cloud.Services.State.ReadInfraAsync("dev"))!.Content.DestroyedAt);
    });
}
