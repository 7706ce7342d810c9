using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Notifications;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>The control flow of the scale and the cost check, with stand-in activities.</summary>
public sealed class FastScaleAndCostWorkflowTests : IClassFixture<FastWorkflowFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly FastWorkflowFixture _fixture;

    public FastScaleAndCostWorkflowTests(FastWorkflowFixture fixture) => _fixture = fixture;

    private Task RunAsync(Action<StandInActivities> arrange, Func<string, StandInActivities, string, Task> test)
    {
        var env = _fixture.NewEnvironment();
        var standIns = _fixture.NewStandIns();
        arrange(standIns);
        return _fixture.RunAsync(standIns, queue => test(env, standIns, queue),
            options => options.AddWorkflow<ScaleWorkflow>().AddWorkflow<CostCheckWorkflow>());
    }

    private Task<WorkflowHandle<ScaleWorkflow, ScaleResult>> StartScaleAsync(string taskQueue, ScaleInput input) =>
        _fixture.Client.StartWorkflowAsync((ScaleWorkflow w) => w.RunAsync(input), new(WorkflowNames.Scale(input.Environment) + "-" + Guid.NewGuid().ToString("N"), taskQueue));

    private Task<CostCheckResult> CheckAsync(string taskQueue, CostCheckInput input) =>
        _fixture.Client.ExecuteWorkflowAsync((CostCheckWorkflow w) => w.RunAsync(input), new(WorkflowNames.Cost(input.Environment) + "-" + Guid.NewGuid().ToString("N"), taskQueue)).WaitAsync(RunTimeout);

    [Fact]
    public async Task AScaleWithinTheBudgetResizesWaitsAndRecordsWithoutApproval()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var result = await (await StartScaleAsync(queue, new ScaleInput(env, Nodes: 1))).GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("scaled", result.Outcome);
            Assert.Equal(-7.05m, result.Analysis.DeltaEur);
            Assert.Null(result.Approval);
            Assert.Equal(["LoadSpec", "AnalyzeScale", "ResizePool", "WaitForPoolReady", "RecordPoolSize", "Deliver"], standIns.Calls.Select(c => c.Activity));
            Assert.Equal(1, standIns.InputsOf<RecordPoolSizeRequest>("RecordPoolSize").Single().Target.Nodes);
        });
    }

    [Fact]
    public async Task ACompletedScaleSendsScaleCompletedWithTheNodesTheCostDeltaAndWhoApproved()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var handle = await StartScaleAsync(queue, new ScaleInput(env, Nodes: 3));
            await TestSupport.WaitUntilAsync(() => handle.QueryAsync(w => w.AwaitingApproval));
            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null)));
            await handle.GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal(["approval.waiting", "scale.completed"], standIns.NotifiedEvents);
            var completed = standIns.InputsOf<Notification>("Deliver").Last();
            Assert.StartsWith($"scale of {env} completed: ", completed.Title, StringComparison.Ordinal);
            Assert.Equal("alice", completed.Details["approved by"]);
            Assert.Equal("3 nodes", completed.Details["target"]);
            Assert.EndsWith("(+€7.05)", completed.Details["monthly cost"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AScaleThatChangesNothingSendsNoScaleCompleted()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            await (await StartScaleAsync(queue, new ScaleInput(env, Nodes: 2))).GetResultAsync().WaitAsync(RunTimeout);
            await (await StartScaleAsync(queue, new ScaleInput(env, Nodes: 5, AnalyzeOnly: true))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.DoesNotContain("scale.completed", standIns.NotifiedEvents);
        });
    }

    [Fact]
    public async Task AScaleAboveTheBudgetWaitsForApprovalAndARejectionChangesNothing()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var handle = await StartScaleAsync(queue, new ScaleInput(env, Nodes: 3));
            await TestSupport.WaitUntilAsync(() => handle.QueryAsync(w => w.AwaitingApproval));
            var status = await handle.QueryAsync(w => w.Status);
            Assert.Contains("exceeds the budget of €60.00", status.Steps.Single(s => s.Name == "approval").Detail);
            Assert.Equal(0, standIns.CountOf("ResizePool"));
            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(false, "bob", "too dear")));
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(RunTimeout));
            Assert.Contains("rejected by bob: too dear; the pool was not changed", StepTracker.FailureMessage(error));
            Assert.Equal(0, standIns.CountOf("ResizePool"));
            Assert.Equal(0, standIns.CountOf("RecordPoolSize"));
        });
    }

    [Fact]
    public async Task AnApprovedScaleResizesAndTheSameScaleAgainStopsAfterTheAnalysis()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var handle = await StartScaleAsync(queue, new ScaleInput(env, Nodes: 3));
            await TestSupport.WaitUntilAsync(() => handle.QueryAsync(w => w.AwaitingApproval));
            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null)));
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("scaled", result.Outcome);
            Assert.Equal("alice", result.Approval!.By);
            Assert.Equal(60.75m, result.Analysis.AfterEur);

            var again = await (await StartScaleAsync(queue, new ScaleInput(env, Nodes: 3))).GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("already", again.Outcome);
            Assert.Equal(1, standIns.CountOf("ResizePool"));
            Assert.Equal(1, standIns.CountOf("RecordPoolSize"));
        });
    }

    [Fact]
    public async Task AnalyzeOnlyNeverResizesEvenAboveTheBudget()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var result = await (await StartScaleAsync(queue, new ScaleInput(env, Nodes: 5, AnalyzeOnly: true))).GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("analyzed", result.Outcome);
            Assert.True(result.Analysis.ExceedsBudget);
            Assert.Equal(["LoadSpec", "AnalyzeScale"], standIns.Calls.Select(c => c.Activity));
        });
    }

    [Fact]
    public async Task ACostCheckNotifiesEachThresholdOncePerMonth()
    {
        await RunAsync(s => s.ActualMonthly = 50m, async (env, standIns, queue) =>
        {
            var first = await CheckAsync(queue, new CostCheckInput(env));
            Assert.Equal([50, 80], first.Notified);
            Assert.Equal(2, standIns.CountOf("Deliver"));
            var second = await CheckAsync(queue, new CostCheckInput(env));
            Assert.Empty(second.Notified);
            Assert.Equal(2, standIns.CountOf("Deliver"));
            Assert.Equal(2, standIns.CountOf("RecordCostCheck"));
        });
    }

    [Fact]
    public async Task AReportOnlyCheckNeitherNotifiesNorRecordsAndAFailedDeliveryDoesNotFailTheCheck()
    {
        await RunAsync(s => { s.ActualMonthly = 70m; s.NotificationsFail = true; }, async (env, standIns, queue) =>
        {
            var report = await CheckAsync(queue, new CostCheckInput(env, ReportOnly: true));
            Assert.Equal([50, 80, 100], report.ThresholdsCrossed);
            Assert.Empty(report.Notified);
            Assert.Equal(0, standIns.CountOf("Deliver"));
            Assert.Equal(0, standIns.CountOf("RecordCostCheck"));

            var check = await CheckAsync(queue, new CostCheckInput(env, SetBudgetEur: 100m, SetThresholds: [60]));
            Assert.Equal([60], check.Notified);
            Assert.Equal(1, standIns.CountOf("SetBudget"));
            Assert.Equal(1, standIns.CountOf("Deliver"));
            Assert.Equal(1, standIns.CountOf("RecordCostCheck"));
        });
    }
}
