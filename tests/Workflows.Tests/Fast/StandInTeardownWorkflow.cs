using System.Collections.Concurrent;
using CoderBootstrap.Activities.Contracts;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>Stands in for the teardown under its workflow type name: records when and with what the TTL started it.</summary>
[Workflow("TeardownWorkflow")]
public sealed class StandInTeardownWorkflow
{
    /// <summary>The input and the (workflow) time each environment's teardown started with, by environment.</summary>
    public static ConcurrentDictionary<string, (TeardownInput Input, DateTime At)> Started { get; } = new(StringComparer.Ordinal);

    [WorkflowRun]
    public Task<TeardownResult> RunAsync(TeardownInput input)
    {
        var now = Workflow.UtcNow;
        Started[input.Environment] = (input, now);
        return Task.FromResult(new TeardownResult(input.Environment, "destroyed", new TeardownInventory(input.Environment, [], 0m, false, null, $"terraform-state-coder-{input.Environment}", false, false), [], [], 0m, null, null, null,
            new Dictionary<string, TimeSpan>(), now, now));
    }
}
