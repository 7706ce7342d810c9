using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>
/// Records the replay history of a prod teardown that waits at the approval gate, is approved and
/// takes its pre-destroy backup (only with <c>RECORD_HISTORIES=1</c>).
/// </summary>
public sealed class TeardownHistoryRecorder
{
    [RecordingFact]
    public async Task RecordTheHistoryOfAProdTeardownThroughApproval()
    {
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            var scale = cloud.Options.RetryIntervalScale;
            var setup = new SetupInput("prod", AutoApprove: true, RetryScale: scale);
            await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(setup),
                new(WorkflowNames.Setup("prod"), WorkflowNames.TaskQueue)).WaitAsync(TimeSpan.FromMinutes(5));

            var input = new TeardownInput("prod", RetryScale: scale);
            var teardown = await cloud.Client.StartWorkflowAsync((TeardownWorkflow w) => w.RunAsync(input),
                new(WorkflowNames.Teardown("prod"), WorkflowNames.TaskQueue));
            await TestSupport.WaitUntilAsync(async () =>
            {
                var description = await teardown.DescribeAsync();
                if (description.Status != WorkflowExecutionStatus.Running)
                {
                    await teardown.GetResultAsync();
                }
                return await teardown.QueryAsync(w => w.AwaitingApproval);
            });
            await teardown.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "recorder", null)));
            await teardown.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(5));

            var history = await teardown.FetchHistoryAsync();
            await File.WriteAllTextAsync(Path.Combine(Histories.Directory, WorkflowNames.Teardown("prod") + ".json"), history.ToJson());
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }
}
