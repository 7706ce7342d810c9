using System.Text;
using CoderBootstrap.Sandbox.Runtime;
using Google.Protobuf;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests;

public sealed class SetupWorkflowTests : IClassFixture<CloudFixture>
{
    private readonly CloudFixture _cloud;

    public SetupWorkflowTests(CloudFixture cloud) => _cloud = cloud;

    private Task<WorkflowHandle<SetupWorkflow, SetupResult>> StartSetupAsync(SetupInput input) =>
        _cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Setup(input.Environment), WorkflowNames.TaskQueue));

    [Fact]
    public async Task DevSetupRunsBothPhasesAndReportsCoder()
    {
        var handle = await StartSetupAsync(new SetupInput("dev"));
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal("completed", result.Outcome);
        Assert.StartsWith("http://", result.CoderUrl);
        Assert.Equal(53.70m, result.Plan.MonthlyCostEur);
        Assert.True(result.Health!.AllPassed);
        using var http = new HttpClient();
        Assert.Equal("OK", await http.GetStringAsync($"{result.CoderUrl}/healthz"));
        var history = await handle.FetchHistoryAsync();
        AssertNoSecrets(history.ToJson());
    }

    [Fact]
    public async Task DryRunPlansWithoutChangingAnything()
    {
        var before = _cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;
        var input = new SetupInput("staging", DryRun: true);
        var result = await _cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(input),
            new($"plan-staging-{Guid.NewGuid():N}", WorkflowNames.TaskQueue));
        Assert.Equal("dry-run", result.Outcome);
        Assert.Equal(97.85m, result.Plan.MonthlyCostEur);
        Assert.Equal(before, _cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    [Fact]
    public async Task ProdWaitsForApprovalAndProceedsWhenApproved()
    {
        var handle = await StartSetupAsync(new SetupInput("prod"));
        await TestSupport.WaitUntilAsync(async () =>
        {
            var description = await handle.DescribeAsync();
            if (description.Status != Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running)
            {
                await handle.GetResultAsync();
            }
            return await handle.QueryAsync(w => w.AwaitingApproval);
        });
        var status = await handle.QueryAsync(w => w.Status);
        Assert.Equal(StepState.Waiting, status.Steps.Single(s => s.Name == "approval").State);
        Assert.Contains("approved by alice", await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null))));
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal("alice", result.Approval!.By);
        Assert.Equal(374.50m, result.Plan.MonthlyCostEur);
    }

    private void AssertNoSecrets(string text)
    {
        Assert.DoesNotContain(_cloud.Sandbox.SecretKey, text);
        foreach (var line in _cloud.LogLines)
        {
            Assert.DoesNotContain(_cloud.Sandbox.SecretKey, line);
        }
    }
}
