using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>
/// Records, with the generic webhook configured (only with <c>RECORD_HISTORIES=1</c>): a dev setup
/// since lifecycle notifications (setup-dev), a prod cost check that notifies two thresholds
/// (cost-prod) and a prod scale 5 → 8 through the approval gate (scale-prod).
/// </summary>
public sealed class NotificationHistoryRecorder
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [RecordingFact]
    public Task RecordTheHistoriesOfANotifiedDevSetupACostCheckAndAnApprovedScale() => CloudFixture.WithOwnCloudAsync(async cloud =>
    {
        cloud.Variables["CODER_BOOTSTRAP_WEBHOOK_URL"] = cloud.Sandbox.AdminUrl + "/webhooks/ops";
        var scale = cloud.Options.RetryIntervalScale;
        var setup = new SetupInput("dev", RetryScale: scale);
        await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(setup),
            new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue)).WaitAsync(RunTimeout);

        await cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("prod", null, scale)),
            new(WorkflowNames.Infra("prod"), WorkflowNames.TaskQueue)).WaitAsync(RunTimeout);
        var check = new CostCheckInput("prod", SetBudgetEur: 400m, SetThresholds: [50, 80, 100], RetryScale: scale);
        await cloud.Client.ExecuteWorkflowAsync((CostCheckWorkflow w) => w.RunAsync(check),
            new(WorkflowNames.Cost("prod"), WorkflowNames.TaskQueue)).WaitAsync(RunTimeout);

        var resize = new ScaleInput("prod", Nodes: 8, RetryScale: scale);
        var scaling = await cloud.Client.StartWorkflowAsync((ScaleWorkflow w) => w.RunAsync(resize),
            new(WorkflowNames.Scale("prod"), WorkflowNames.TaskQueue));
        await TestSupport.WaitUntilAsync(() => scaling.QueryAsync(w => w.AwaitingApproval));
        await scaling.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "recorder", null)));
        await scaling.GetResultAsync().WaitAsync(RunTimeout);

        foreach (var id in new[] { WorkflowNames.Setup("dev"), WorkflowNames.Cost("prod"), WorkflowNames.Scale("prod") })
        {
            var history = await cloud.Client.GetWorkflowHandle(id).FetchHistoryAsync();
            await File.WriteAllTextAsync(Path.Combine(Histories.Directory, id + ".json"), history.ToJson());
        }
    });
}
