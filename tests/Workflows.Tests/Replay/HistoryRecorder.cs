using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>Records the replay histories from real runs on the embedded server and the sandbox (only with <c>RECORD_HISTORIES=1</c>).</summary>
public sealed class HistoryRecorder
{
    [RecordingFact]
    public async Task RecordTheHistoriesOfAProdSetupThroughApprovalAndOfPhasesRunOnTheirOwn()
    {
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            var prod = new SetupInput("prod", RetryScale: cloud.Options.RetryIntervalScale);
            var setup = await cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(prod),
                new(WorkflowNames.Setup("prod"), WorkflowNames.TaskQueue));
            await TestSupport.WaitUntilAsync(async () =>
            {
                var description = await setup.DescribeAsync();
                if (description.Status != WorkflowExecutionStatus.Running)
                {
                    await setup.GetResultAsync();
                }
                return await setup.QueryAsync(w => w.AwaitingApproval);
            });
            await setup.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "recorder", null)));
            await setup.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(5));

            await cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("dev", null, cloud.Options.RetryIntervalScale)), new(WorkflowNames.Infra("dev"), WorkflowNames.TaskQueue))
                .WaitAsync(TimeSpan.FromMinutes(3));
            await cloud.Client.ExecuteWorkflowAsync((CoderPhaseWorkflow w) => w.RunAsync(new CoderPhaseInput("dev", null, null, null, cloud.Options.RetryIntervalScale)), new(WorkflowNames.Coder("dev"), WorkflowNames.TaskQueue))
                .WaitAsync(TimeSpan.FromMinutes(3));

            foreach (var id in new[] { WorkflowNames.Setup("prod"), WorkflowNames.Infra("prod"), WorkflowNames.Coder("prod"), WorkflowNames.Infra("dev"), WorkflowNames.Coder("dev") })
            {
                var history = await cloud.Client.GetWorkflowHandle(id).FetchHistoryAsync();
                await File.WriteAllTextAsync(Path.Combine(Histories.Directory, id + ".json"), history.ToJson());
            }
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }
}
