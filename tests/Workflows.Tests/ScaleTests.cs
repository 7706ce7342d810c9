using System.Text.Json;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Starter;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Scaling end to end on the embedded server and the sandbox: cost delta, approval, resize, idempotence, analysis only; the cost-&lt;env&gt; schedule.</summary>
public sealed class ScaleTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private static string Root => CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

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

    private static async Task<(int Code, string Out, string Error)> StarterAsync(CloudFixture? cloud, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StarterCommands.RunAsync(args, new StarterContext
        {
            RepositoryRoot = Root,
            Out = output,
            Error = error,
            Environment = name => cloud is null ? null : name == "TEMPORAL_ADDRESS" ? cloud.Server.Address : name == "SCW_API_URL" ? cloud.Sandbox.ScalewayUrl : null,
        });
        return (code, output.ToString(), error.ToString());
    }

    private static Task InfraAsync(CloudFixture cloud, string env)
    {
        var input = new InfraPhaseInput(env, RetryScale: 0.01);
        return cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(input),
            new(WorkflowNames.Infra(env), WorkflowNames.TaskQueue)).WaitAsync(RunTimeout);
    }

    private static async Task<bool> AwaitingApprovalAsync(CloudFixture cloud, string id)
    {
        try
        {
            return await cloud.Client.GetWorkflowHandle(id).QueryAsync<bool>("AwaitingApproval", []);
        }
        catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException)
        {
            return false;
        }
    }

    private static long LastSequence(CloudFixture cloud) => cloud.Sandbox.Runtime.GetRequestLog().Select(e => e.Sequence).DefaultIfEmpty().Max();

    /// <summary>Mutations other than object storage (the kubeconfig may be republished when usage is read).</summary>
    private static List<string> CloudMutationsSince(CloudFixture cloud, long sequence) =>
        cloud.Sandbox.Runtime.GetRequestLog(afterSequence: sequence)
            .Where(e => e.Mutation && e.Operation?.StartsWith("s3.", StringComparison.Ordinal) != true)
            .Select(e => $"{e.Method} {e.Path}").ToList();

    [Fact]
    public Task AutoScaleSetsThePoolsAutoscalingBoundsAndRecordsThemInTheInfraState() => WithCloudAsync(async cloud =>
    {
        await InfraAsync(cloud, "dev");
        var (code, output, error) = await StarterAsync(cloud, "scale", "--env=dev", "--auto", "--min=2", "--max=4", "--auto-approve", "--json");
        Assert.True(code == 0, error + output);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("scaled", json.RootElement.GetProperty("Outcome").GetString());
        }

        var cluster = (await cloud.Services.Scaleway.Kapsule.ListClustersAsync()).Single(c => c.Name == "coder-dev");
        var pool = Assert.Single(await cloud.Services.Scaleway.Kapsule.ListPoolsAsync(cluster.Id));
        Assert.Equal((true, 2, 4), (pool.Autoscaling, pool.MinSize, pool.MaxSize));
        Assert.Single(cloud.Sandbox.Runtime.GetRequestLog("k8s.pools.update"));
        var infra = await new StateStorage(cloud.Services).State.ReadInfraAsync("dev");
        Assert.Equal((2, 4), (infra!.Content.Cluster!.MinNodes, infra.Content.Cluster.MaxNodes));
    });

    [Fact]
    public Task ProdFiveToEightShowsTheDeltaWaitsForApprovalResizesAndASecondScaleChangesNothing() => WithCloudAsync(async cloud =>
    {
        await InfraAsync(cloud, "prod");
        var scaling = StarterAsync(cloud, "scale", "--env=prod", "--nodes=8");
        await TestSupport.WaitUntilAsync(() => AwaitingApprovalAsync(cloud, WorkflowNames.Scale("prod")));

        // The environment is held: another scale is refused (exit 3), and nothing was resized yet.
        var (busyCode, _, busy) = await StarterAsync(cloud, "scale", "--env=prod", "--nodes=9");
        Assert.Equal(3, busyCode);
        Assert.Contains("a scale of prod is already running", busy);
        Assert.Empty(cloud.Sandbox.Runtime.GetRequestLog("k8s.pools.update"));

        var (approveCode, approved, approveError) = await StarterAsync(cloud, "approve", "--env=prod", "--by=carol");
        Assert.True(approveCode == 0, approveError);
        Assert.Contains("approved by carol", approved);
        var (code, output, error) = await scaling.WaitAsync(RunTimeout);
        Assert.True(code == 0, error + output);
        // prod without Coder's load balancer: 5 x 28.20 + 178.50 + 20.00 = 339.50; three GP1-M more: +84.60.
        Assert.Contains("Cost before:     €339.50/month", output);
        Assert.Contains("Cost after:      €424.10/month (+€84.60)", output);
        Assert.Contains("84.8 % used after", output);
        Assert.Contains("Scaled: pool default is 8 nodes with 8 ready nodes, approved by carol", output);
        Assert.Single(cloud.Sandbox.Runtime.GetRequestLog("k8s.pools.update"));

        var infra = await new StateStorage(cloud.Services).State.ReadInfraAsync("prod");
        Assert.Equal(8, infra!.Content.Cluster!.DesiredNodeCount);
        Assert.Equal(8, infra.Content.Cluster.NodeCount);

        var before = LastSequence(cloud);
        var (againCode, again, againError) = await StarterAsync(cloud, "scale", "--env=prod", "--nodes=8", "--json");
        Assert.True(againCode == 0, againError);
        using (var json = JsonDocument.Parse(again))
        {
            Assert.Equal("already", json.RootElement.GetProperty("Outcome").GetString());
            Assert.Equal(0m, json.RootElement.GetProperty("Analysis").GetProperty("DeltaEur").GetDecimal());
            Assert.Equal(424.10m, json.RootElement.GetProperty("Analysis").GetProperty("AfterEur").GetDecimal());
        }
        Assert.Empty(CloudMutationsSince(cloud, before));
        Assert.Single(cloud.Sandbox.Runtime.GetRequestLog("k8s.pools.update"));
    });

    [Fact]
    public Task AnalyzeOnlyReadsOnlyAndSaysWhetherItCanRecommend() => WithCloudAsync(async cloud =>
    {
        await InfraAsync(cloud, "prod");
        var before = LastSequence(cloud);
        var (code, output, error) = await StarterAsync(cloud, "scale", "--env=prod", "--nodes=8", "--analyze-only");
        Assert.True(code == 0, error);
        Assert.Contains("Cost after:      €424.10/month (+€84.60)", output);
        Assert.Contains("Recommendation:", output);
        Assert.Contains("cannot recommend a size: the cluster does not report node usage", output);
        Assert.Contains("Analysis only: nothing was changed.", output);
        Assert.NotEmpty(cloud.Sandbox.Runtime.GetRequestLog(afterSequence: before));
        Assert.Empty(CloudMutationsSince(cloud, before));

        var (bareCode, bare, bareError) = await StarterAsync(cloud, "scale", "--env=prod", "--analyze-only");
        Assert.True(bareCode == 0, bareError);
        Assert.Contains("Cost now:        €339.50/month", bare);
        Assert.Empty(CloudMutationsSince(cloud, before));
    });

    [Fact]
    public Task SchedulesApplyCreatesTheDailyCostCheckAndASecondApplyChangesNothing() => WithCloudAsync(async cloud =>
    {
        var (code, first, error) = await StarterAsync(cloud, "schedules", "apply", "--env=dev");
        Assert.True(code == 0, error);
        Assert.Contains("cost-dev: created", first);
        var description = await cloud.Client.GetScheduleHandle(WorkflowNames.Cost("dev")).DescribeAsync();
        var applied = await description.Memo["coder-bootstrap-applied"].ToValueAsync<string>();
        Assert.Contains("v1 cost cron=0 6 * * *", applied);
        var action = Assert.IsType<Temporalio.Client.Schedules.ScheduleActionStartWorkflow>(description.Schedule.Action);
        Assert.Equal("CostCheckWorkflow", action.Workflow);
        var (againCode, second, _) = await StarterAsync(cloud, "schedules", "apply", "--env=dev");
        Assert.Equal(0, againCode);
        Assert.Contains("cost-dev: unchanged", second);
        Assert.Contains("nothing changed", second);
    });
}

/// <summary>Bad input to <c>starter scale</c>: one line, exit 2, nothing started (no server is even reachable).</summary>
public sealed class ScaleBadInputTests
{
    private static async Task<(int Code, string Out, string Error)> StarterAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StarterCommands.RunAsync(args, new StarterContext
        {
            RepositoryRoot = CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory),
            Out = output,
            Error = error,
            Environment = _ => null,
        });
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--nodes must be at least 1", "scale", "--env=prod", "--nodes=0")]
    [InlineData("--min (6) is greater than --max (3)", "scale", "--env=prod", "--auto", "--min=6", "--max=3")]
    [InlineData("above the pool's max of 10", "scale", "--env=prod", "--nodes=11")]
    [InlineData("--auto needs --min=A and --max=B", "scale", "--env=prod", "--auto", "--min=2")]
    [InlineData("pass --nodes=N", "scale", "--env=prod")]
    [InlineData("unknown", "scale", "--env=nosuch", "--nodes=3")]
    public async Task IsOneLineExitTwoAndStartsNothing(string expected, params string[] args)
    {
        var (code, output, error) = await StarterAsync(args);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }
}
