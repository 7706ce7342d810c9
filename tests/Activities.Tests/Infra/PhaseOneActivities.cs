using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Tests.Infra;

/// <summary>The phase-1 activities as the worker registers them (<see cref="ActivitySet"/>), called by environment name with the spec loaded as a run would.</summary>
internal sealed class PhaseOneActivities
{
    private readonly IReadOnlyList<object> _activities;

    public PhaseOneActivities(ActivityServices services) => _activities = ActivitySet.Create(services);

    /// <summary>The spec as a run's first activity loads it (its failures are that activity's).</summary>
    // LoadSpec reads a local file and returns a completed task: nothing blocks here.
#pragma warning disable VSTHRD002
    public SpecSnapshot Snapshot(string environment) => Of<SpecActivities>().LoadSpecAsync(environment).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002

    public T Of<T>() => _activities.OfType<T>().Single();

    public Task<InfraPlan> PlanAsync(string environment) => Of<PlanActivities>().PlanAsync(Snapshot(environment));

    public Task<NetworkRef> EnsurePrivateNetworkAsync(string environment) => Of<NetworkActivities>().EnsurePrivateNetworkAsync(Snapshot(environment));

    public Task<ClusterRef> EnsureClusterAsync(EnsureClusterInput input) => Of<ClusterActivities>().EnsureClusterAsync(input);

    public Task<ClusterReady> WaitForClusterReadyAsync(WaitForClusterInput input) => Of<ClusterWaitActivities>().WaitForClusterReadyAsync(input);

    public Task<KubeconfigRef> PublishKubeconfigAsync(PublishKubeconfigInput input) => Of<KubeconfigActivities>().PublishKubeconfigAsync(input);

    public Task<DatabaseRef> EnsureDatabaseAsync(EnsureDatabaseInput input) => Of<DatabaseActivities>().EnsureDatabaseAsync(input);

    public Task<DatabaseReady> WaitForDatabaseReadyAsync(WaitForDatabaseInput input) => Of<DatabaseWaitActivities>().WaitForDatabaseReadyAsync(input);

    public Task<StateRecorded> RecordInfraStateAsync(RecordInfraStateInput input) => Of<InfraStateActivities>().RecordInfraStateAsync(input);
}
