using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// Review (TTL) environments end to end on the embedded server and the sandbox, each test on a cloud
/// of its own and with a review environment of its own (its generated spec removed afterwards).
/// Time is scaled by short TTLs: seconds instead of hours.
/// </summary>
public sealed class TtlTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    private static string Root => Activities.Runtime.CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

    private static async Task WithReviewAsync(Func<CloudFixture, string, Task> test)
    {
        var name = "rv" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await CloudFixture.WithOwnCloudAsync(cloud => test(cloud, name));
        }
        finally
        {
            File.Delete(Path.Combine(Root, "deploy", "environments", "review", name + ".yaml"));
        }
    }


    private static async Task SetUpReviewAsync(CloudFixture cloud, string name, string ttl)
    {
        var (code, output, error) = await cloud.StarterAsync("run", "setup", $"--env={name}", "--from=dev", $"--ttl={ttl}").WaitAsync(RunTimeout);
        Assert.True(code == 0, error + output);
        Assert.Contains($"TTL of {name}:", output, StringComparison.Ordinal);
    }


    private static WorkflowHandle<TtlWorkflow, TtlResult> Ttl(CloudFixture cloud, string name) =>
        cloud.Client.GetWorkflowHandle<TtlWorkflow, TtlResult>(WorkflowNames.Ttl(name));

    [Fact]
    public async Task AReviewEnvironmentFromDevIsTornDownByItsTimerWithItsBackupAndNoTaggedResourceLeft() => await WithReviewAsync(async (cloud, name) =>
    {
        await SetUpReviewAsync(cloud, name, "5s");
        Assert.Contains(await cloud.TaggedResourcesAsync(name), r => r.StartsWith("cluster", StringComparison.Ordinal));
        Assert.Equal("coder-" + name, (await cloud.Services.State.ReadInfraAsync(name))!.Content.Cluster!.Name);

        var result = await Ttl(cloud, name).GetResultAsync().WaitAsync(RunTimeout);

        Assert.Equal("torn down", result.Outcome);
        Assert.Equal("destroyed", result.Teardown!.Outcome);
        Assert.NotNull(result.Teardown.Backup);
        Assert.True(result.Teardown.Backup!.PreDestroy);
        Assert.Equal("coder-backups-" + name, result.Teardown.Backup.Bucket);
        Assert.Empty(await cloud.TaggedResourcesAsync(name));
        Assert.NotNull((await cloud.Services.State.ReadInfraAsync(name))!.Content.DestroyedAt);
    });

    [Fact]
    public async Task ExtendThroughTheStarterMovesTheDeadlineThatStatusShows() => await WithReviewAsync(async (cloud, name) =>
    {
        await SetUpReviewAsync(cloud, name, "1h");
        var before = (await Ttl(cloud, name).QueryAsync(w => w.Status)).Deadline;

        var (code, output, error) = await cloud.StarterAsync("ttl", $"--env={name}", "--extend=24h");

        Assert.True(code == 0, error + output);
        var after = (await Ttl(cloud, name).QueryAsync(w => w.Status)).Deadline;
        Assert.Equal(before + TimeSpan.FromHours(24), after);
        Assert.Contains($"torn down at {after:u}", output, StringComparison.Ordinal);
        var (statusCode, status, _) = await cloud.StarterAsync("status", $"--env={name}");
        Assert.Equal(0, statusCode);
        Assert.Contains($"TTL of {name}: torn down at {after:u}", status, StringComparison.Ordinal);
        await Ttl(cloud, name).ExecuteUpdateAsync(w => w.CancelAsync());
    });

    [Fact]
    public async Task CancelThroughTheStarterKeepsTheEnvironmentPastItsDeadline() => await WithReviewAsync(async (cloud, name) =>
    {
        await SetUpReviewAsync(cloud, name, "20s");

        var (code, output, error) = await cloud.StarterAsync("ttl", $"--env={name}", "--cancel");

        Assert.True(code == 0, error + output);
        Assert.Contains("cancelled", output, StringComparison.Ordinal);
        Assert.Equal("cancelled", (await Ttl(cloud, name).GetResultAsync().WaitAsync(RunTimeout)).Outcome);
        await Task.Delay(TimeSpan.FromSeconds(22));
        Assert.Contains(await cloud.TaggedResourcesAsync(name), r => r.StartsWith("cluster", StringComparison.Ordinal));
        Assert.Null(await TryDescribeAsync(cloud, WorkflowNames.Teardown(name)));
        var (again, _, againError) = await cloud.StarterAsync("ttl", $"--env={name}", "--extend=1h");
        Assert.Equal(1, again);
        Assert.Contains($"no TTL run of {name} is running", againError, StringComparison.Ordinal);
    });

    [Fact]
    public async Task ABackupDuringTheWaitIsNotRefusedByTheOneRunPerEnvironmentLock() => await WithReviewAsync(async (cloud, name) =>
    {
        await SetUpReviewAsync(cloud, name, "1h");

        var (code, output, error) = await cloud.StarterAsync("run", "backup", $"--env={name}");

        Assert.True(code == 0, error + output);
        Assert.Equal(TtlWorkflow.Waiting, (await Ttl(cloud, name).QueryAsync(w => w.Status)).State);
        await Ttl(cloud, name).ExecuteUpdateAsync(w => w.CancelAsync());
    });

    private static async Task<Temporalio.Client.WorkflowExecutionDescription?> TryDescribeAsync(CloudFixture cloud, string id)
    {
        try
        {
            return await cloud.Client.GetWorkflowHandle(id).DescribeAsync();
        }
        catch (Temporalio.Exceptions.RpcException e) when (e.Code == Temporalio.Exceptions.RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }
}
