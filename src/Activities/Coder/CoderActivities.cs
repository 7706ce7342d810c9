using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// Phase 2 (storage classes, Coder on Kubernetes, first admin, templates, coder state), through
/// KubernetesClient with server-side apply of the manifests under deploy/coder and Coder's REST API.
/// </summary>
public sealed class CoderActivities
{
    private readonly ActivityServices _services;

    public CoderActivities(ActivityServices services) => _services = services;

    /// <summary>The phase-1 outputs from the infra state; fails with MissingInfraState when phase 1 never ran.</summary>
    [Activity]
    public Task<InfraOutputs> ReadInfraOutputsAsync(string environment) => throw new NotImplementedException();

    /// <summary>Describe calls only: the cluster and the database recorded in state still exist and are ready.</summary>
    [Activity]
    public Task<InfraOutputs> VerifyInfraAsync(InfraOutputs infra) => throw new NotImplementedException();

    [Activity]
    public Task<StorageClassReport> ValidateStorageClassesAsync(string environment) => throw new NotImplementedException();

    [Activity]
    public Task<AppliedManifests> ApplyCoderManifestsAsync(string environment) => throw new NotImplementedException();

    [Activity]
    public Task<CoderEndpoint> WaitForCoderRolloutAsync(string environment) => throw new NotImplementedException();

    [Activity]
    public Task<FirstAdmin> EnsureFirstAdminAsync(CoderEndpoint endpoint) => throw new NotImplementedException();

    [Activity]
    public Task<TemplatePushed> PushTemplateAsync(PushTemplateInput input) => throw new NotImplementedException();

    [Activity]
    public Task<StateRecorded> RecordCoderStateAsync(RecordCoderStateInput input) => throw new NotImplementedException();
}
