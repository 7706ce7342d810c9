using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Setup;

/// <summary>What surrounds the two phases: prerequisite and credential checks, hooks, template selection, health checks.</summary>
public sealed class SetupActivities
{
    private readonly ActivityServices _services;

    public SetupActivities(ActivityServices services) => _services = services;

    /// <summary>Spec valid, credentials present, Scaleway API answering with them, repository content present.</summary>
    [Activity]
    public Task<PrerequisiteReport> CheckPrerequisitesAsync(string environment) => throw new NotImplementedException();

    /// <summary>The templates to push: the environment's list, or the one asked for (validated).</summary>
    [Activity]
    public Task<IReadOnlyList<string>> ResolveTemplatesAsync(string environment, string? onlyTemplate) => throw new NotImplementedException();

    /// <summary>Runs hooks/&lt;hook&gt;.sh when present, with the specification's environment variables and a timeout.</summary>
    [Activity]
    public Task<HookResult> RunHookAsync(HookInput input) => throw new NotImplementedException();

    [Activity]
    public Task<HealthReport> RunHealthChecksAsync(string environment) => throw new NotImplementedException();
}
