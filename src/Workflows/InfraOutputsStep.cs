using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>The "infra outputs" step of runs after phase 1: the outputs handed down by the parent run, or read once from the infra state.</summary>
internal static class InfraOutputsStep
{
    public const string Name = "infra outputs";

    public static async Task<InfraOutputs> RunAsync(StepTracker steps, SpecSnapshot spec, InfraOutputs? handedDown, ActivityPolicies policies)
    {
        if (handedDown is not null)
        {
            steps.Complete(Name, $"cluster {handedDown.ClusterId}, database {handedDown.DatabaseInstanceId} (from the parent run)");
            return handedDown;
        }
        return await steps.RunAsync(Name,
            () => Workflow.ExecuteActivityAsync((InfraStateActivities a) => a.ReadInfraOutputsAsync(spec), policies.Quick),
            i => $"cluster {i.ClusterId}, database {i.DatabaseInstanceId}");
    }
}
