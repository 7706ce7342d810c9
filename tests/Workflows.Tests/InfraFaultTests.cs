using CoderBootstrap.Sandbox.Runtime;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Fault injection and worker crashes, each on a sandbox of its own (faults are global to a sandbox).</summary>
public sealed class InfraFaultTests
{
    private static Task<InfraPhaseResult> RunInfraAsync(CloudFixture cloud, string environment) =>
        cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput(environment)),
            new(WorkflowNames.Infra(environment), WorkflowNames.TaskQueue)).WaitAsync(TimeSpan.FromMinutes(2));

    private static int Succeeded(CloudFixture cloud, string operation) =>
        cloud.Sandbox.Runtime.GetRequestLog(operation).Count(e => e.Operation == operation && !e.Faulted && e.Status is >= 200 and < 300);

    [Fact]
    public async Task TransientClusterCreateFailureIsRetriedAndCreatesExactlyOneCluster()
    {
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "k8s.clusters.create", Status = 503, Type = "unknown_error", Message = "service unavailable", Count = 4 });
            var result = await RunInfraAsync(cloud, "dev");
            Assert.NotEmpty(result.Cluster.ClusterId);
            Assert.Equal(1, Succeeded(cloud, "k8s.clusters.create"));
            Assert.True(cloud.Sandbox.Runtime.GetRequestLog("k8s.clusters.create").Count(e => e.Faulted) >= 4);
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }

    [Fact]
    public async Task QuotaErrorFailsTheRunFastWithTheApiMessage()
    {
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "k8s.clusters.create", Status = 403, Type = "quotas_exceeded", Message = "quota(s) exceeded for this resource" });
            var started = DateTime.UtcNow;
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => RunInfraAsync(cloud, "dev"));
            Assert.Contains("quota", StepTracker.FailureMessage(error), StringComparison.OrdinalIgnoreCase);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
            Assert.Single(cloud.Sandbox.Runtime.GetRequestLog("k8s.clusters.create"));
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }

    [Fact]
    public async Task KilledWorkerDuringDatabaseProvisioningIsReplacedAndNothingIsCreatedTwice()
    {
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            // Slow the database down so the worker dies while waiting for it.
            cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "rdb.instances.get", LatencyMs = 300 });
            var handle = await cloud.Client.StartWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("dev")),
                new(WorkflowNames.Infra("dev"), WorkflowNames.TaskQueue));
            await TestSupport.WaitUntilAsync(async () => (await cloud.Client.WorkflowService.DescribeWorkflowExecutionAsync(new()
            {
                Namespace = cloud.Client.Options.Namespace,
                Execution = new() { WorkflowId = handle.Id },
            })).PendingActivities.Any(a => a.ActivityType.Name == "WaitForDatabaseReady" && a.State == PendingActivityState.Started));
            await cloud.StopWorkerAsync();
            cloud.Sandbox.Runtime.ClearFaults();
            cloud.StartWorker();
            var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.NotEmpty(result.Database.InstanceId);
            Assert.Equal(1, Succeeded(cloud, "k8s.clusters.create"));
            Assert.Equal(1, Succeeded(cloud, "rdb.instances.create"));
            Assert.Equal(1, Succeeded(cloud, "vpc.private_networks.create"));
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }
}
