using System.Text.RegularExpressions;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace CoderBootstrap.Workflows.Tests.Retry;

/// <summary>
/// <c>starter retry</c> end to end on the embedded server and the sandbox: a dev setup fails in phase 2
/// with a fault left on, the fault is removed, the retry Resets the failed run. Each test on a cloud of its own.
/// </summary>
public sealed partial class StarterRetryTests
{
    private const string PhaseTwoFault = "template rejected by policy";

    /// <summary>A dev setup run through the Starter that fails in phase 2 (template import refused), then the fault removed: the failed run's id.</summary>
    internal static async Task<string> FailSetupInPhase2Async(CloudFixture cloud, SandboxAdmin admin)
    {
        await admin.SetFaultAsync("coder.templateversions.create", 400, PhaseTwoFault);
        var (code, output, error) = await cloud.StarterAsync("run", "setup", "--env=dev");
        Assert.True(code == 1, $"the setup was expected to fail in phase 2: {error}{output}");
        Assert.Contains(PhaseTwoFault, error, StringComparison.Ordinal);
        await admin.ClearFaultsAsync();
        return (await cloud.Client.GetWorkflowHandle(WorkflowNames.Setup("dev")).DescribeAsync()).RunId;
    }

    internal static async Task<List<HistoryEvent>> HistoryAsync(CloudFixture cloud, string runId)
    {
        var events = new List<HistoryEvent>();
        await foreach (var e in cloud.Client.GetWorkflowHandle(WorkflowNames.Setup("dev"), runId).FetchHistoryEventsAsync())
        {
            events.Add(e);
        }
        return events;
    }

    /// <summary>The WorkflowTaskCompleted right after the InfraPhase child (phase 1) completed.</summary>
    internal static long WorkflowTaskAfterPhase1(List<HistoryEvent> events)
    {
        var phase1 = events.Single(e => e.EventType == EventType.ChildWorkflowExecutionCompleted
            && e.ChildWorkflowExecutionCompletedEventAttributes.WorkflowExecution.WorkflowId == WorkflowNames.Infra("dev"));
        return events.First(e => e.EventType == EventType.WorkflowTaskCompleted && e.EventId > phase1.EventId).EventId;
    }

    /// <summary>The event the new run's history was reset at: the WorkflowTaskFailed with cause ResetWorkflow.</summary>
    internal static HistoryEvent ResetPoint(List<HistoryEvent> events) =>
        events.Single(e => e.EventType == EventType.WorkflowTaskFailed && e.WorkflowTaskFailedEventAttributes.Cause == WorkflowTaskFailedCause.ResetWorkflow);

    [Fact]
    public Task RetryFromPhase2CompletesTheFailedSetupWithoutAnyPhase1MutatingCall() => CloudFixture.WithOwnCloudAsync(async cloud =>
    {
        using var admin = new SandboxAdmin(cloud.Sandbox.AdminUrl);
        var failedRun = await FailSetupInPhase2Async(cloud, admin);
        var afterPhase1 = WorkflowTaskAfterPhase1(await HistoryAsync(cloud, failedRun));
        var since = await admin.LastSequenceAsync();

        var (code, output, error) = await cloud.StarterAsync("retry", "--env=dev");

        Assert.True(code == 0, error + output);
        Assert.Contains("Setup of dev completed", output, StringComparison.Ordinal);
        var newRun = NewRun().Match(output).Groups[1].Value;
        var description = await cloud.Client.GetWorkflowHandle(WorkflowNames.Setup("dev")).DescribeAsync();
        Assert.Equal(description.RunId, newRun);
        Assert.NotEqual(failedRun, newRun);
        Assert.Equal(WorkflowExecutionStatus.Completed, description.Status);
        // The new run's history is the failed one's up to the task after phase 1: phase 1 was not run again.
        Assert.Equal(afterPhase1, ResetPoint(await HistoryAsync(cloud, newRun)).EventId);
        Assert.True(await admin.CountSinceAsync(since) > 0, "the retried run called nothing in the sandbox");
        Assert.Empty(await admin.Phase1MutationsSinceAsync(since));
    });

    [Fact]
    public Task RetryFromStartResetsTheFailedSetupToItsFirstWorkflowTask() => CloudFixture.WithOwnCloudAsync(async cloud =>
    {
        using var admin = new SandboxAdmin(cloud.Sandbox.AdminUrl);
        var failedRun = await FailSetupInPhase2Async(cloud, admin);
        var firstTask = (await HistoryAsync(cloud, failedRun)).First(e => e.EventType == EventType.WorkflowTaskCompleted).EventId;

        var (code, output, error) = await cloud.StarterAsync("retry", "--env=dev", "--from=start");

        Assert.True(code == 0, error + output);
        var newRun = NewRun().Match(output).Groups[1].Value;
        Assert.Equal(firstTask, ResetPoint(await HistoryAsync(cloud, newRun)).EventId);
    });

    [GeneratedRegex(@"new run (\S+)")]
    private static partial Regex NewRun();
}
