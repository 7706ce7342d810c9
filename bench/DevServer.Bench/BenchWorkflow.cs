using Temporalio.Activities;
using Temporalio.Workflows;

namespace CoderBootstrap.DevServer.Bench;

public static class BenchActivities
{
    [Activity]
    public static int Step(int value) => value + 1;
}

/// <summary>The benchmark's unit of work: ten sequential activities.</summary>
[Workflow]
public sealed class TenStepWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync()
    {
        var value = 0;
        for (var i = 0; i < 10; i++)
        {
            value = await Workflow.ExecuteActivityAsync(() => BenchActivities.Step(value), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        }
        return value;
    }
}
