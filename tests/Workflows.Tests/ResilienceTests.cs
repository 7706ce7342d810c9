using System.Net.Http.Json;
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
    private static async Task WithCloudAsync(Func<CloudFixture, Task> test, string? repositoryRoot = null)
    {
        var cloud = repositoryRoot is null ? new CloudFixture() : new CloudFixture { RepositoryRoot = repositoryRoot };
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

    private static int Answered(CloudFixture cloud, string operation) =>
        cloud.Sandbox.Runtime.GetRequestLog(operation).Count(e => e.Operation == operation && !e.Faulted);

    /// <summary>The sandbox's probability fault mode through its admin API: every client call of every API answered 429 or 503 with a 30 % chance, seeded.</summary>
    private static async Task ArmRandomTransientFaultsAsync(CloudFixture cloud, int seed)
    {
        using var admin = new HttpClient();
        using var response = await admin.PostAsJsonAsync(new Uri(cloud.Sandbox.AdminUrl.TrimEnd('/') + "/faults"),
            new SandboxFaultRule { Operation = "*", Statuses = [429, 503], Probability = 0.3, Seed = seed });
        response.EnsureSuccessStatusCode();
    }

    private static readonly string[] Families = ["vpc.", "k8s.", "rdb.", "lb.", "coder.", "s3."];

    [Fact]
    public async Task SetupCompletesWithExactlyOneOfEachResourceWhenAThirdOfAllCallsAreAnswered429Or503() => await WithCloudAsync(async cloud =>
    {
        await ArmRandomTransientFaultsAsync(cloud, seed: 9);

        var result = await RunSetupAsync(cloud, "dev");

        cloud.Sandbox.Runtime.ClearFaults();
        var calls = cloud.Sandbox.Runtime.GetRequestLog().Where(e => e.Operation is { } op && Families.Any(op.StartsWith)).ToList();
        var faulted = calls.Where(e => e.Faulted).Select(e => e.Operation!).ToList();
        var faultedShare = (double)faulted.Count / calls.Count;
        Assert.Equal("completed", result.Outcome);
        Assert.True(result.Health!.AllPassed);
        Assert.InRange(faultedShare, 0.2, 0.4);
        // Each of the four APIs had calls refused: Scaleway (VPC, Kapsule, RDB, LB), the cluster's Kubernetes API (k8s.get, k8s.apply, ...), Coder and S3.
        // (Per product the draws are random: VPC alone has four calls, which all pass about one run in four.)
        var families = new Dictionary<string, Func<string, bool>>
        {
            ["scaleway"] = op => op.StartsWith("vpc.", StringComparison.Ordinal) || op.StartsWith("rdb.", StringComparison.Ordinal) || op.StartsWith("lb.", StringComparison.Ordinal)
                || op.StartsWith("k8s.clusters", StringComparison.Ordinal) || op.StartsWith("k8s.pools", StringComparison.Ordinal),
            ["kubernetes"] = op => op.StartsWith("k8s.", StringComparison.Ordinal) && op.Count(c => c == '.') == 1,
            ["coder"] = op => op.StartsWith("coder.", StringComparison.Ordinal),
            ["s3"] = op => op.StartsWith("s3.", StringComparison.Ordinal),
        };
        Assert.All(families, family => Assert.True(faulted.Any(family.Value),
            $"no {family.Key} call refused; its calls: {string.Join(", ", calls.Where(e => family.Value(e.Operation!)).GroupBy(e => e.Operation).Select(g => $"{g.Key} x{g.Count()}"))}"));
        var scaleway = cloud.Services.Scaleway;
        Assert.Single(await scaleway.Vpc.ListPrivateNetworksAsync(tags: ["env=dev"]));
        var cluster = Assert.Single(await scaleway.Kapsule.ListClustersAsync());
        Assert.Single(await scaleway.Kapsule.ListPoolsAsync(cluster.Id));
        Assert.Single(await scaleway.Rdb.ListInstancesAsync());
        Assert.Single(await scaleway.Lb.ListLoadBalancersAsync());
        // The Coder and Kubernetes emulations log no status: a create that was not refused is one that happened.
        Assert.Equal(1, Answered(cloud, "coder.users.first.create"));
        Assert.Equal(cloud.Services.Environments.Load("dev").Templates.Count, Answered(cloud, "coder.templates.create"));
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
        await cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("dev", null, cloud.Options.RetryIntervalScale)),
            new(WorkflowNames.Infra("dev"), WorkflowNames.TaskQueue));
        var current = (await cloud.Services.Kubeconfigs.DownloadAsync("dev"))!;
        var stale = staleness == "reset token"
            ? System.Text.RegularExpressions.Regex.Replace(current, "token: .*", "token: token-before-the-reset")
            : System.Text.RegularExpressions.Regex.Replace(current, @"server: https://127\.0\.0\.1:\d+", $"server: https://127.0.0.1:{TestSupport.FreePort()}");
        Assert.NotEqual(current, stale);
        await cloud.Services.Kubeconfigs.PublishAsync("dev", stale, TimeSpan.FromHours(1));

        var result = await cloud.Client.ExecuteWorkflowAsync((CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput("dev", null, null, null, cloud.Options.RetryIntervalScale)),
            new(WorkflowNames.Coder("dev"), WorkflowNames.TaskQueue)).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.StartsWith("http://", result.Endpoint.Url);
        Assert.Equal(current, await cloud.Services.Kubeconfigs.DownloadAsync("dev"));
    });

    [Fact]
    public async Task TheProgressOfARunningHookShowsItsTimeoutAndAHookPastItFailsTheSetupWithAClearMessage()
    {
        var root = RepositoryCopy.WithHook("pre-setup", "#!/usr/bin/env bash\nsleep 1000 &\nsleep 1000\n");
        File.WriteAllText(Path.Combine(root, "hooks", "pre-setup.timeout"), "3s");
        try
        {
            await WithCloudAsync(async cloud =>
            {
                var input = new SetupInput("dev", RetryScale: cloud.Options.RetryIntervalScale);
                var handle = await cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));
                StepStatus? running = null;
                await TestSupport.WaitUntilAsync(async () =>
                {
                    running = (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "pre-setup hook");
                    return running.State == StepState.Running && running.Detail is not null;
                });

                var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(1)));

                Assert.Equal("timeout 3s (hooks/pre-setup.timeout)", running!.Detail);
                Assert.Contains("hook pre-setup timed out after 3s and was killed with its child processes", StepTracker.FailureMessage(error));
            }, root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
