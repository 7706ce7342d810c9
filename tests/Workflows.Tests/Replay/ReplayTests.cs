using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>
/// Runs in flight meet new code (an approval can wait a day): every committed history of a real run
/// must replay on the current workflow code. A change that breaks determinism fails here; such a
/// change needs <c>Workflow.Patched</c>, or new histories once no old run can be in flight.
/// </summary>
public sealed class ReplayTests
{
    public static TheoryData<string> RecordedHistories() => new(Histories.Names());

    [Theory]
    [MemberData(nameof(RecordedHistories))]
    public async Task ARecordedRunReplaysOnTheCurrentWorkflowCode(string workflowId)
    {
        var replayer = new WorkflowReplayer(Histories.ProductWorkflows());

        var result = await replayer.ReplayWorkflowAsync(Histories.Load(workflowId), throwOnReplayFailure: false);

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public void TheCommittedHistoriesCoverEachWorkflowAndTheApprovalGate()
    {
        var names = Histories.Names().ToList();
        Assert.Contains("setup-prod", names);
        Assert.Contains(names, n => n.StartsWith("infra-", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("coder-", StringComparison.Ordinal));
        Assert.Contains("\"Decide\"", File.ReadAllText(Path.Combine(Histories.Directory, "setup-prod.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkflowChangedIncompatiblyFailsToReplayTheRecordedRun()
    {
        var options = new WorkflowReplayerOptions { TaskQueue = WorkflowNames.TaskQueue }.AddWorkflow<ReorderedInfraPhaseWorkflow>();
        var replayer = new WorkflowReplayer(options);

        var result = await replayer.ReplayWorkflowAsync(Histories.Load("infra-dev"), throwOnReplayFailure: false);

        Assert.IsType<Temporalio.Exceptions.WorkflowNondeterminismException>(result.ReplayFailure);
    }

    /// <summary>Phase 1 as it would be if someone made the database step come before the network one: not the recorded order.</summary>
    [Workflow("InfraPhaseWorkflow")]
    public sealed class ReorderedInfraPhaseWorkflow
    {
        [WorkflowRun]
        public async Task<InfraPhaseResult> RunAsync(InfraPhaseInput input)
        {
            var spec = input.Snapshot ?? await Workflow.ExecuteActivityAsync((Activities.Environments.SpecActivities a) => a.LoadSpecAsync(input.Environment), ActivityPolicies.Quick);
            await Workflow.ExecuteActivityAsync((DatabaseActivities a) => a.EnsureDatabaseAsync(new EnsureDatabaseInput(spec, "pn")), ActivityPolicies.Ensure);
            throw new InvalidOperationException("unreachable in replay: the recorded history schedules the network first");
        }
    }
}
