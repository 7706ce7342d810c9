using CoderBootstrap.Sandbox.Runtime;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// Transient errors never fail a run, a health check that keeps failing does, and phase 2 gets
/// fresh cluster credentials when the published copy stopped working; each on a cloud of its own,
/// with activity retries at the sandbox's time scale.
/// </summary>
public sealed class ResilienceTests
{
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

    private static Task<SetupResult> RunSetupAsync(CloudFixture cloud, string environment)
    {
        var input = new SetupInput(environment, RetryScale: cloud.Options.RetryIntervalScale);
        return cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Setup(environment), WorkflowNames.TaskQueue))
            .WaitAsync(TimeSpan.FromMinutes(5));
    }

    private static int Succeeded(CloudFixture cloud, string operation) =>
        cloud.Sandbox.Runtime.GetRequestLog(operation).Count(e => e.Operation == operation && !e.Faulted && e.Status is >= 200 and < 300);

    [Fact]
    public async Task SetupCompletesWithExactlyOneOfEachResourceWhenAThirdOfAllCallsAreAnswered429Or503() => await WithCloudAsync(async cloud =>
    {
        SetupResult result;
        IReadOnlyDictionary<string, int> faulted;
        await using (var faults = TransientFaultInjector.Start(cloud.Sandbox))
        {
            result = await RunSetupAsync(cloud, "dev");
            faulted = faults.Faulted();
        }

        Assert.Equal("completed", result.Outcome);
        Assert.True(result.Health!.AllPassed);
        Assert.All(new[] { "vpc.", "k8s.", "rdb.", "coder.", "s3." }, family => Assert.True(faulted[family] > 0, $"no {family} call was faulted"));
        var scaleway = cloud.Services.Scaleway;
        Assert.Single(await scaleway.Vpc.ListPrivateNetworksAsync(tags: ["env=dev"]));
        var cluster = Assert.Single(await scaleway.Kapsule.ListClustersAsync());
        Assert.Single(await scaleway.Kapsule.ListPoolsAsync(cluster.Id));
        Assert.Single(await scaleway.Rdb.ListInstancesAsync());
        Assert.Single(await scaleway.Lb.ListLoadBalancersAsync());
        Assert.Equal(1, Succeeded(cloud, "coder.users.first.create"));
        Assert.Equal(cloud.Services.Environments.Load("dev").Templates.Count, Succeeded(cloud, "coder.templates.create"));
        Assert.Contains(cloud.LogLines, line => line.Contains("failed (429", StringComparison.Ordinal) && line.Contains("retry 1 of", StringComparison.Ordinal));
    });

    [Fact]
    public async Task AHealthCheckFailingForLessThanItsRetriesDoesNotFailTheSetup() => await WithCloudAsync(async cloud =>
    {
        // More failures than the Coder client retries in one call: the check itself must try again.
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.buildinfo.get", Status = 503, Message = "coder restarting", Count = 6 });

        var result = await RunSetupAsync(cloud, "dev");

        Assert.True(result.Health!.AllPassed);
        Assert.Equal(6, cloud.Sandbox.Runtime.GetRequestLog("coder.buildinfo.get").Count(e => e.Faulted));
    });

    [Fact]
    public async Task AHealthCheckThatKeepsFailingFailsTheSetupWithItsReason() => await WithCloudAsync(async cloud =>
    {
        cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.buildinfo.get", Status = 500, Message = "buildinfo broken" });

        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => RunSetupAsync(cloud, "dev"));

        var message = StepTracker.FailureMessage(error);
        Assert.Contains("coder buildinfo", message);
        Assert.Contains("buildinfo broken", message);
        Assert.Contains($"still failing after {cloud.Options.HealthCheckAttempts} attempts", message);
    });

    [Theory]
    [InlineData("reset token")]
    [InlineData("moved endpoint")]
    public async Task Phase2CompletesAndRepublishesFreshCredentialsWhenThePublishedKubeconfigNoLongerWorks(string staleness) => await WithCloudAsync(async cloud =>
    {
        await cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("dev", cloud.Options.RetryIntervalScale)),
            new(WorkflowNames.Infra("dev"), WorkflowNames.TaskQueue));
        var current = (await cloud.Services.Kubeconfigs.DownloadAsync("dev"))!;
        var stale = staleness == "reset token"
            ? System.Text.RegularExpressions.Regex.Replace(current, "token: .*", "token: token-before-the-reset")
            : System.Text.RegularExpressions.Regex.Replace(current, @"server: https://127\.0\.0\.1:\d+", $"server: https://127.0.0.1:{TestSupport.FreePort()}");
        Assert.NotEqual(current, stale);
        await cloud.Services.Kubeconfigs.PublishAsync("dev", stale, TimeSpan.FromHours(1));

        var result = await cloud.Client.ExecuteWorkflowAsync((CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput("dev", null, cloud.Options.RetryIntervalScale)),
            new(WorkflowNames.Coder("dev"), WorkflowNames.TaskQueue)).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.StartsWith("http://", result.Endpoint.Url);
        Assert.Equal(current, await cloud.Services.Kubeconfigs.DownloadAsync("dev"));
    });
}
