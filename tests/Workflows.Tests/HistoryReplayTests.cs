using Temporalio.Common;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// Histories recorded before the hook-timeout step and the retry scale existed (a dev setup with
/// both hooks, its infrastructure and Coder phases) still replay: runs in flight when the worker
/// is upgraded continue.
/// </summary>
public sealed class HistoryReplayTests
{
    private static readonly WorkflowReplayer Replayer = new(new WorkflowReplayerOptions()
        .AddWorkflow<SetupWorkflow>()
        .AddWorkflow<InfraPhaseWorkflow>()
        .AddWorkflow<CoderPhaseWorkflow>());

    [Theory]
    [InlineData("setup-dev-with-hooks.json", "setup-dev")]
    [InlineData("infra-dev.json", "infra-dev")]
    [InlineData("coder-dev.json", "coder-dev")]
    public async Task HistoryRecordedBeforeHookTimeoutsReplaysWithoutNondeterminism(string file, string workflowId)
    {
        var history = WorkflowHistory.FromJson(workflowId, await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Histories", file)));

        var result = await Replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        Assert.Null(result.ReplayFailure);
    }
}
