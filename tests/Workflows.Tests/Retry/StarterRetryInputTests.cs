using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests.Retry;

/// <summary><c>starter retry</c> refusing what it cannot retry: one line on stderr, the exit code of the README, nothing reset.</summary>
public sealed class StarterRetryInputTests(CloudFixture cloud) : IClassFixture<CloudFixture>
{
    [Fact]
    public async Task UnknownFromValueIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = await StarterInvocation.RunBareAsync("retry", "--env=dev", "--from=phase1");

        Assert.Equal(2, code);
        Assert.Contains("--from must be phase2 or start, got 'phase1'", StarterInvocation.SingleErrorLine(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentWithoutASetupRunIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = await cloud.StarterAsync("retry", "--env=staging");

        Assert.Equal(2, code);
        Assert.Contains("no setup of staging has run", StarterInvocation.SingleErrorLine(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningSetupIsRefusedWithItsRunIdAndExitCodeThree()
    {
        var setup = await cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("prod", false, false, null, null)),
            new(WorkflowNames.Setup("prod"), WorkflowNames.TaskQueue));
        try
        {
            var (code, _, error) = await cloud.StarterAsync("retry", "--env=prod");

            Assert.Equal(3, code);
            Assert.Contains($"still running (workflow setup-prod, run {setup.ResultRunId})", StarterInvocation.SingleErrorLine(error), StringComparison.Ordinal);
            Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, (await setup.DescribeAsync()).Status);
        }
        finally
        {
            await setup.TerminateAsync("test over");
        }
    }

    [Fact]
    public async Task CompletedSetupIsNothingToRetryAndIsNotReset()
    {
        var plan = new SetupInput("dev", DryRun: true);
        var setup = await cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(plan),
            new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));
        await setup.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(2));

        var (code, _, error) = await cloud.StarterAsync("retry", "--env=dev");

        Assert.Equal(2, code);
        Assert.Contains($"the last setup of dev (run {setup.ResultRunId}) completed: there is no failed run to retry", StarterInvocation.SingleErrorLine(error), StringComparison.Ordinal);
        Assert.Equal(setup.ResultRunId, (await cloud.Client.GetWorkflowHandle(WorkflowNames.Setup("dev")).DescribeAsync()).RunId);
    }
}
