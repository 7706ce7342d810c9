using System.Net.Http.Json;
using System.Text.Json;
using CoderBootstrap.Starter;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Cost operations end to end on the embedded server and the sandbox: actual cost, budgets, thresholds, notifications, the catalog refresh.</summary>
public sealed class CostTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);


    private static Task WithCloudAsync(Func<CloudFixture, Task> test) =>
        CloudFixture.WithOwnCloudAsync(cloud =>
        {
            cloud.Variables["CODER_BOOTSTRAP_WEBHOOK_URL"] = cloud.Sandbox.AdminUrl + "/webhooks/ops";
            cloud.Variables["CODER_BOOTSTRAP_SLACK_WEBHOOK_URL"] = cloud.Sandbox.AdminUrl + "/webhooks/slack";
            return test(cloud);
        });

    private static Task<(int Code, string Out, string Error)> StarterAsync(CloudFixture cloud, params string[] args) => cloud.StarterAsync(args);

    private static Task InfraAsync(CloudFixture cloud, string env)
    {
        var input = new InfraPhaseInput(env, RetryScale: 0.01);
        return cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(input),
            new(WorkflowNames.Infra(env), WorkflowNames.TaskQueue)).WaitAsync(RunTimeout);
    }

    private static Task<CostCheckResult> CheckAsync(CloudFixture cloud, string env)
    {
        var input = new CostCheckInput(env, RetryScale: 0.01);
        return cloud.Client.ExecuteWorkflowAsync((CostCheckWorkflow w) => w.RunAsync(input),
            new($"cost-{env}-{Guid.NewGuid():N}", WorkflowNames.TaskQueue)).WaitAsync(RunTimeout);
    }

    private static async Task<JsonElement> WebhookAsync(CloudFixture cloud, string name)
    {
        using var http = new HttpClient();
        return await http.GetFromJsonAsync<JsonElement>(cloud.Sandbox.AdminUrl + "/webhooks/" + name);
    }

    private static async Task AutoscaleAsync(CloudFixture cloud, string poolId, int size)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(cloud.Sandbox.AdminUrl + $"/k8s/pools/{poolId}/autoscale", new { size });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public Task ThresholdsNotifyOncePerMonthEachAndActualCostFollowsTheAutoscaler() => WithCloudAsync(async cloud =>
    {
        await InfraAsync(cloud, "prod");
        var (code, output, error) = await StarterAsync(cloud, "cost", "--env=prod", "--set-budget=400", "--alert-threshold=50,80,100");
        Assert.True(code == 0, error);
        Assert.Contains("400.00", output);

        // prod without Coder's load balancer: 5 x 28.20 + 178.50 + 20.00 = 339.50, 84.9 % of 400: 50 and 80 crossed.
        var first = await CheckAsync(cloud, "prod");
        Assert.Equal(339.50m, first.Actual.MonthlyEur);
        Assert.Equal([50, 80], first.Notified);
        var second = await CheckAsync(cloud, "prod");
        Assert.Empty(second.Notified);

        await AutoscaleAsync(cloud, first.Actual.Pool!.PoolId, 9);
        var (actualCode, actual, _) = await StarterAsync(cloud, "cost", "--env=prod", "--actual", "--json");
        Assert.Equal(0, actualCode);
        using (var json = JsonDocument.Parse(actual))
        {
            Assert.Equal(9, json.RootElement.GetProperty("pool").GetProperty("Size").GetInt32());
            Assert.Equal(452.30m, json.RootElement.GetProperty("actual_monthly").GetDecimal());
            Assert.Equal(374.50m, json.RootElement.GetProperty("estimate_monthly").GetDecimal());
        }

        var third = await CheckAsync(cloud, "prod");
        Assert.Equal([100], third.Notified);
        var fourth = await CheckAsync(cloud, "prod");
        Assert.Empty(fourth.Notified);

        var deliveries = (await WebhookAsync(cloud, "ops")).GetProperty("deliveries");
        Assert.Equal(3, deliveries.GetArrayLength());
        var thresholds = deliveries.EnumerateArray().Select(d => JsonDocument.Parse(d.GetProperty("body").GetString()!).RootElement.GetProperty("details").GetProperty("threshold").GetString()).ToList();
        Assert.Equal(["50 %", "80 %", "100 %"], thresholds);
        var slack = JsonDocument.Parse((await WebhookAsync(cloud, "slack")).GetProperty("deliveries")[0].GetProperty("body").GetString()!).RootElement;
        Assert.Equal("header", slack.GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.Equal("section", slack.GetProperty("blocks")[1].GetProperty("type").GetString());

        var (historyCode, history, _) = await StarterAsync(cloud, "cost", "--env=prod", "--history", "--format=csv");
        Assert.Equal(0, historyCode);
        Assert.Equal(5, history.Trim().Split('\n').Length);
    });

    [Fact]
    public Task AScaleThatResizesThePoolPostsScaleCompletedWithTheNodesAndTheCostDelta() => WithCloudAsync(async cloud =>
    {
        await InfraAsync(cloud, "dev");
        var (code, output, error) = await StarterAsync(cloud, "scale", "--env=dev", "--nodes=3", "--auto-approve");
        Assert.True(code == 0, error + output);
        var (againCode, _, againError) = await StarterAsync(cloud, "scale", "--env=dev", "--nodes=3");
        Assert.True(againCode == 0, againError);

        var bodies = (await WebhookAsync(cloud, "ops")).GetProperty("deliveries").EnumerateArray()
            .Select(d => JsonDocument.Parse(d.GetProperty("body").GetString()!).RootElement).ToList();
        var completed = Assert.Single(bodies, b => b.GetProperty("event").GetString() == "scale.completed");
        var details = completed.GetProperty("details");
        Assert.Equal("2 → 3 (3 ready)", details.GetProperty("nodes").GetString());
        Assert.Equal("3 nodes", details.GetProperty("target").GetString());
        Assert.Contains("(+€", details.GetProperty("monthly cost").GetString(), StringComparison.Ordinal);
    });

    [Fact]
    public Task AReceiverThatFailsTwiceStillGetsItAndOneDownForGoodDoesNotFailTheRun() => WithCloudAsync(async cloud =>
    {
        await InfraAsync(cloud, "dev");
        using var http = new HttpClient();
        (await http.PutAsJsonAsync(cloud.Sandbox.AdminUrl + "/webhooks/ops/failures", new { count = 2, status = 503 })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync(cloud.Sandbox.AdminUrl + "/webhooks/slack/failures", new { status = 500 })).EnsureSuccessStatusCode();
        var (code, _, error) = await StarterAsync(cloud, "cost", "--env=dev", "--set-budget=10", "--alert-threshold=100");
        Assert.True(code == 0, error);

        var result = await CheckAsync(cloud, "dev");
        Assert.Equal([100], result.Notified);
        var ops = await WebhookAsync(cloud, "ops");
        Assert.Equal(1, ops.GetProperty("deliveries").GetArrayLength());
        Assert.Equal(2, ops.GetProperty("failed").GetInt32());
        Assert.Equal(0, (await WebhookAsync(cloud, "slack")).GetProperty("deliveries").GetArrayLength());
    });

    [Fact]
    public Task CatalogRefreshWritesADatedFileAndReportsDifferences() => WithCloudAsync(async cloud =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"prices-{Guid.NewGuid():N}.yaml");
        try
        {
            var (code, output, error) = await StarterAsync(cloud, "prices", "refresh", $"--output={path}", "--json");
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output);
            var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("sku").GetString()!, c => c.GetProperty("outcome").GetString());
            Assert.Equal("changed", changes["DB-GP-M"]);
            Assert.Equal("unchanged", changes["DB-DEV-S"]);
            var written = Activities.Cost.PriceCatalog.Load(path);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            Assert.All(written.Prices, p => Assert.Equal(today, p.CheckedOn));
            Assert.Equal(92.00m, written.Find(Activities.Cost.PriceKind.DatabaseNode, "DB-GP-M").MonthlyPrice);
            Assert.Contains("product catalog", written.Find(Activities.Cost.PriceKind.DatabaseNode, "DB-GP-M").Source);
        }
        finally
        {
            File.Delete(path);
        }
    });
}
