using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Setup;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// A "&lt;name&gt; hook" step. Its timeout (hooks/&lt;name&gt;.timeout, else the snapshot's
/// hooks.timeout) is looked up first, so the progress line shows it while the hook runs; it bounds
/// the activity and is handed to it.
/// </summary>
internal static class HookStep
{
    /// <param name="describe">False only for setup runs started before the timeout lookup existed, which replay without it.</param>
    public static async Task RunAsync(StepTracker steps, SpecSnapshot spec, HookInput hook, ActivityPolicies policies, bool describe = true)
    {
        HookPlan? plan = null;
        if (describe)
        {
            plan = await Workflow.ExecuteActivityAsync((SetupActivities a) => a.DescribeHookAsync(new(spec, hook.Hook)), policies.Quick);
            hook = hook with { Timeout = plan.Timeout };
        }
        await steps.RunAsync($"{hook.Hook} hook",
            () => Workflow.ExecuteActivityAsync((SetupActivities a) => a.RunHookAsync(hook), policies.Hook(plan?.Timeout)),
            h => h.Ran ? "ran" : "no hook",
            plan?.Detail);
    }
}
