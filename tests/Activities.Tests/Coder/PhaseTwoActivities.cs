using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;

namespace CoderBootstrap.Activities.Tests.Coder;

/// <summary>
/// The phase-2 and setup activities as the worker registers them (<see cref="ActivitySet"/>),
/// called by environment name: the spec is loaded and the phase-1 outputs read as a run would,
/// then handed to the activity as the workflow hands them.
/// </summary>
public sealed class PhaseTwoActivities
{
    private readonly ActivityServices _services;
    private readonly IReadOnlyList<object> _activities;

    public PhaseTwoActivities(ActivityServices services)
    {
        _services = services;
        _activities = ActivitySet.Create(services);
    }

    public T Of<T>() => _activities.OfType<T>().Single();

    public Task<SpecSnapshot> SnapshotAsync(string environment) => Of<SpecActivities>().LoadSpecAsync(environment);

    public async Task<InfraOutputs> ReadInfraOutputsAsync(string environment) =>
        await Of<InfraStateActivities>().ReadInfraOutputsAsync(await SnapshotAsync(environment));

    public async Task<CoderStepInput> StepAsync(string environment) =>
        new(await SnapshotAsync(environment), await ReadInfraOutputsAsync(environment));

    public Task<InfraOutputs> VerifyInfraAsync(InfraOutputs infra) => Of<InfraCheckActivities>().VerifyInfraAsync(infra);

    public async Task<StorageClassReport> ValidateStorageClassesAsync(string environment) =>
        await Of<StorageClassActivities>().ValidateStorageClassesAsync(await StepAsync(environment));

    public async Task<AppliedManifests> ApplyCoderManifestsAsync(string environment) =>
        await Of<CoderManifestActivities>().ApplyCoderManifestsAsync(await StepAsync(environment));

    public async Task<CoderEndpoint> WaitForCoderRolloutAsync(string environment) =>
        await Of<CoderRolloutActivities>().WaitForCoderRolloutAsync(await StepAsync(environment));

    public async Task<FirstAdmin> EnsureFirstAdminAsync(string environment, CoderEndpoint endpoint) =>
        await Of<CoderAdminActivities>().EnsureFirstAdminAsync(new FirstAdminInput(await StepAsync(environment), endpoint));

    public async Task<TemplatePushed> PushTemplateAsync((string Environment, string CoderUrl, string Template) push) =>
        await Of<TemplateActivities>().PushTemplateAsync(new PushTemplateInput(await StepAsync(push.Environment), push.CoderUrl, push.Template));

    public async Task<IReadOnlyList<string>> ResolveTemplatesAsync(string environment, string? onlyTemplate) =>
        await Of<TemplateActivities>().ResolveTemplatesAsync(new TemplatesInput(await SnapshotAsync(environment), onlyTemplate));

    public async Task<StateRecorded> RecordCoderStateAsync(string environment, CoderEndpoint endpoint, IReadOnlyList<TemplatePushed> templates) =>
        await Of<CoderStateActivities>().RecordCoderStateAsync(new RecordCoderStateInput(await StepAsync(environment), endpoint, templates));

    public async Task<PrerequisiteReport> CheckPrerequisitesAsync(string environment) =>
        await Of<SetupActivities>().CheckPrerequisitesAsync(await SnapshotAsync(environment));

    public Task<HookResult> RunHookAsync(HookInput input) => Of<SetupActivities>().RunHookAsync(input);

    /// <summary>The health checks expecting the templates the coder state records (what phase 2 pushed), or the spec's.</summary>
    public async Task<HealthReport> RunHealthChecksAsync(string environment)
    {
        var step = await StepAsync(environment);
        var recorded = await _services.State.ReadCoderAsync(environment);
        IReadOnlyList<string> templates = recorded is { Content.Templates.Count: > 0 }
            ? recorded.Content.Templates.Select(t => t.Name).ToList()
            : step.Snapshot.Spec.Templates;
        return await Of<SetupActivities>().RunHealthChecksAsync(new HealthCheckInput(step, templates));
    }
}
