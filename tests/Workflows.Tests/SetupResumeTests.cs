using CoderBootstrap.Sandbox.Runtime;
using k8s;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Failures in phase 2, approval outcomes, hooks and concurrency; each test on a cloud of its own.</summary>
public sealed class SetupResumeTests
{
    private static readonly string[] Phase1Prefixes = ["vpc.", "k8s.clusters", "k8s.pools", "rdb."];

    private static async Task<T> WithCloudAsync<T>(Func<CloudFixture, Task<T>> test, string? repositoryRoot = null)
    {
        var cloud = repositoryRoot is null ? new CloudFixture() : new CloudFixture { RepositoryRoot = repositoryRoot };
        await cloud.InitializeAsync();
        try
        {
            return await test(cloud);
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }

    private static Task<WorkflowHandle<SetupWorkflow, SetupResult>> StartSetupAsync(CloudFixture cloud, SetupInput input) =>
        cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Setup(input.Environment), WorkflowNames.TaskQueue));

    private static int Phase1Mutations(CloudFixture cloud) =>
        cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count(e => e.Operation is { } op && Phase1Prefixes.Any(op.StartsWith));

    [Fact]
    public async Task TransientPhase2FailureIsRetriedAndTheRunCompletes() => await WithCloudAsync(async cloud =>
    {
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.templateversions.create", Status = 503, Message = "coder restarting", Count = 1 });
        var result = await (await StartSetupAsync(cloud, new SetupInput("dev"))).GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal("completed", result.Outcome);
        Assert.Single(cloud.Sandbox.Runtime.GetRequestLog("coder.templateversions.create"), e => e.Faulted);
        return true;
    });

    [Fact]
    public async Task PermanentPhase2FailureKeepsPhase1AndARerunCompletesWithoutTouchingIt() => await WithCloudAsync(async cloud =>
    {
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.templateversions.create", Status = 400, Message = "template rejected by policy" });
        var failed = await StartSetupAsync(cloud, new SetupInput("dev"));
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => failed.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3)));
        Assert.Contains("template rejected by policy", StepTracker.FailureMessage(error));
        var infraState = await cloud.Services.State.ReadInfraAsync("dev");
        Assert.NotNull(infraState!.Content.Database);

        cloud.Sandbox.Runtime.ClearFaults();
        var mutationsBefore = Phase1Mutations(cloud);
        var describesBefore = cloud.Sandbox.Runtime.GetRequestLog("k8s.clusters.get").Count;
        var result = await (await StartSetupAsync(cloud, new SetupInput("dev"))).GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal("completed", result.Outcome);
        Assert.True(result.InfraAdopted);
        Assert.Equal(mutationsBefore, Phase1Mutations(cloud));
        Assert.True(cloud.Sandbox.Runtime.GetRequestLog("k8s.clusters.get").Count > describesBefore);
        return true;
    });

    [Fact]
    public async Task KilledWorkerDuringPhase2IsReplacedWithoutRepeatingCompletedActivities() => await WithCloudAsync(async cloud =>
    {
        var handle = await StartSetupAsync(cloud, new SetupInput("dev"));
        var coder = cloud.Client.GetWorkflowHandle(WorkflowNames.Coder("dev"));
        // Hold the template import so the worker dies in the middle of phase 2.
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.templateversions.get", LatencyMs = 400 });
        await TestSupport.WaitUntilAsync(async () =>
        {
            try
            {
                return (await coder.FetchHistoryAsync()).Events.Any(e => e.EventType == EventType.ActivityTaskScheduled
                    && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == "PushTemplate");
            }
            catch (RpcException)
            {
                return false;
            }
        });
        await cloud.StopWorkerAsync();
        cloud.Sandbox.Runtime.ClearFaults();
        cloud.StartWorker();
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal("completed", result.Outcome);
        var scheduled = (await coder.FetchHistoryAsync()).Events
            .Where(e => e.EventType == EventType.ActivityTaskScheduled)
            .GroupBy(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name)
            .ToDictionary(g => g.Key, g => g.Count());
        // Run by the setup, phase 2 gets the phase-1 outputs handed forward: it never reads them back.
        Assert.DoesNotContain("ReadInfraOutputs", scheduled.Keys);
        foreach (var done in new[] { "VerifyInfra", "ValidateStorageClasses", "ApplyCoderManifests", "WaitForCoderRollout", "EnsureFirstAdmin" })
        {
            Assert.Equal(1, scheduled[done]);
        }
        return true;
    });

    [Fact]
    public async Task RejectedProdSetupStopsWithoutCreatingAnything() => await WithCloudAsync(async cloud =>
    {
        var handle = await StartSetupAsync(cloud, new SetupInput("prod"));
        await TestSupport.WaitUntilAsync(() => handle.QueryAsync(w => w.AwaitingApproval));
        await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(false, "bob", "budget freeze")));
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        Assert.Contains("rejected by bob: budget freeze", StepTracker.FailureMessage(error));
        Assert.Equal(0, Phase1Mutations(cloud));
        return true;
    });

    [Fact]
    public async Task ProdApprovalTimesOutAndStopsCleanly() => await WithCloudAsync(async cloud =>
    {
        var handle = await StartSetupAsync(cloud, new SetupInput("prod", ApprovalTimeout: TimeSpan.FromSeconds(1)));
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("timed out", StepTracker.FailureMessage(error));
        Assert.Equal(0, Phase1Mutations(cloud));
        var status = await handle.QueryAsync(w => w.Status);
        Assert.Equal(StepState.Failed, status.Steps.Single(s => s.Name == "approval").State);
        return true;
    });

    [Fact]
    public async Task ApprovingASetupThatIsNotWaitingIsRefused() => await WithCloudAsync(async cloud =>
    {
        var handle = await StartSetupAsync(cloud, new SetupInput("prod"));
        await TestSupport.WaitUntilAsync(() => handle.QueryAsync(w => w.AwaitingApproval));
        await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null)));
        await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "eve", null))));
        await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return true;
    });

    [Fact]
    public async Task FailingPreSetupHookStopsTheSetupBeforeAnythingIsCreated()
    {
        var root = RepositoryCopy.WithHook("pre-setup", "#!/usr/bin/env bash\necho \"checking $ENVIRONMENT\"\nexit 3\n");
        try
        {
            await WithCloudAsync(async cloud =>
            {
                var handle = await StartSetupAsync(cloud, new SetupInput("dev"));
                var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(1)));
                Assert.Contains("pre-setup", StepTracker.FailureMessage(error));
                Assert.Equal(0, Phase1Mutations(cloud));
                return true;
            }, root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task CoderPhaseWithoutPhase1StateIsRefusedWithAClearMessage() => await WithCloudAsync(async cloud =>
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => cloud.Client.ExecuteWorkflowAsync(
            (CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput("staging", null)), new(WorkflowNames.Coder("staging"), WorkflowNames.TaskQueue)));
        Assert.Contains("run infra", StepTracker.FailureMessage(error));
        return true;
    });

    [Fact]
    public async Task SecondSetupOfTheSameEnvironmentIsRefusedWhileAnotherEnvironmentRuns() => await WithCloudAsync(async cloud =>
    {
        var dev = await StartSetupAsync(cloud, new SetupInput("dev"));
        var staging = await StartSetupAsync(cloud, new SetupInput("staging"));
        await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => StartSetupAsync(cloud, new SetupInput("dev")));
        var results = await Task.WhenAll(dev.GetResultAsync(), staging.GetResultAsync()).WaitAsync(TimeSpan.FromMinutes(4));
        Assert.All(results, r => Assert.Equal("completed", r.Outcome));
        return true;
    });

    [Fact]
    public async Task ForbiddenKubernetesCallFailsPhase2AtOnceInsteadOfRetrying() => await WithCloudAsync(async cloud =>
    {
        await cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("dev")), new(WorkflowNames.Infra("dev"), WorkflowNames.TaskQueue));
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "k8s.apply", Status = 403, Message = "serviceaccount cannot patch resource" });
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => cloud.Client.ExecuteWorkflowAsync(
            (CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput("dev", null)), new(WorkflowNames.Coder("dev"), WorkflowNames.TaskQueue))
            .WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("denied", StepTracker.FailureMessage(error));
        Assert.Single(cloud.Sandbox.Runtime.GetRequestLog("k8s.apply"), e => e.Faulted);
        return true;
    });

    [Fact]
    public async Task MissingDefaultStorageClassFailsPhase2WithAClearMessage() => await WithCloudAsync(async cloud =>
    {
        await cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("dev")), new(WorkflowNames.Infra("dev"), WorkflowNames.TaskQueue));
        var kubeconfig = await cloud.Services.Kubeconfigs.DownloadAsync("dev");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(kubeconfig!));
        using var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
        foreach (var storageClass in (await kubernetes.StorageV1.ListStorageClassAsync()).Items)
        {
            await kubernetes.StorageV1.DeleteStorageClassAsync(storageClass.Metadata.Name);
        }
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => cloud.Client.ExecuteWorkflowAsync(
            (CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput("dev", null)), new(WorkflowNames.Coder("dev"), WorkflowNames.TaskQueue)));
        Assert.Contains("storage class", StepTracker.FailureMessage(error), StringComparison.OrdinalIgnoreCase);
        return true;
    });
}
