using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>The "spec" step every run starts with: the snapshot handed down by the parent run, or loaded once now.</summary>
internal static class SpecStep
{
    public const string Name = "spec";

    public static async Task<SpecSnapshot> RunAsync(StepTracker steps, string environment, SpecSnapshot? handedDown, ActivityPolicies policies)
    {
        if (handedDown is not null)
        {
            steps.Complete(Name, $"{handedDown.Digest} (from the parent run)");
            return handedDown;
        }
        return await steps.RunAsync(Name,
            () => Workflow.ExecuteActivityAsync((SpecActivities a) => a.LoadSpecAsync(environment), policies.Quick),
            s => s.Digest);
    }
}
