using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>An environment's Temporal schedules follow its life: applied by a setup when the spec says so, deleted by its teardown.</summary>
public sealed class ScheduleLifecycleTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    private static async Task<bool> ExistsAsync(CloudFixture cloud, string scheduleId)
    {
        try
        {
            await cloud.Client.GetScheduleHandle(scheduleId).DescribeAsync();
            return true;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return false;
        }
    }

    [Fact]
    public async Task SetupThroughTheStarterAppliesTheSchedulesWhenTheSpecSaysSo() => await CloudFixture.WithOwnCloudAsync(async cloud =>
    {
        var (code, output, error) = await cloud.StarterAsync("run", "setup", "--env=staging").WaitAsync(RunTimeout);

        Assert.True(code == 0, error + output);
        Assert.Contains("backup-staging: created (backup at \"0 3 * * *\" UTC", output);
        Assert.Contains("cost-staging: created", output);
        Assert.True(await ExistsAsync(cloud, "backup-staging"));
    });

    [Fact]
    public async Task AFullTeardownDeletesTheEnvironmentsSchedules() => await CloudFixture.WithOwnCloudAsync(async cloud =>
    {
        var setup = await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev", AutoApprove: true)),
            new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue)).WaitAsync(RunTimeout);
        Assert.Equal("completed", setup.Outcome);
        var (applyCode, applied, applyError) = await cloud.StarterAsync("schedules", "apply", "--env=dev");
        Assert.True(applyCode == 0, applyError);
        Assert.Contains("cost-dev: created", applied);

        var (code, output, error) = await cloud.StarterAsync("run", "teardown", "--env=dev", "--confirm", "--skip-backup").WaitAsync(RunTimeout);

        Assert.True(code == 0, error + output);
        Assert.False(await ExistsAsync(cloud, "cost-dev"));
        Assert.False(await ExistsAsync(cloud, "backup-dev"));
        Assert.Contains("schedule cost-dev", output);
    });
}
