using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Phase 1 (network, Kapsule cluster, managed PostgreSQL, kubeconfig, infra state). Every activity
/// finds its resource by name and tags before creating it, so a retry or a re-run adopts what exists.
/// </summary>
public sealed class InfraActivities
{
    private readonly ActivityServices _services;

    public InfraActivities(ActivityServices services) => _services = services;

    /// <summary>Reads only: what exists, what would be created, the monthly cost, approval and budget.</summary>
    [Activity]
    public Task<InfraPlan> PlanAsync(string environment) => throw new NotImplementedException();

    [Activity]
    public Task<NetworkRef> EnsurePrivateNetworkAsync(string environment) => throw new NotImplementedException();

    /// <summary>Creates the cluster with its pool (or adopts the existing one).</summary>
    [Activity]
    public Task<ClusterRef> EnsureClusterAsync(EnsureClusterInput input) => throw new NotImplementedException();

    /// <summary>Polls until the cluster and its pool are ready; heartbeats, and resumes its wait after a worker restart.</summary>
    [Activity]
    public Task<ClusterReady> WaitForClusterReadyAsync(WaitForClusterInput input) => throw new NotImplementedException();

    /// <summary>Creates the instance, database and user (or adopts them); the generated password goes to a private object.</summary>
    [Activity]
    public Task<DatabaseRef> EnsureDatabaseAsync(EnsureDatabaseInput input) => throw new NotImplementedException();

    [Activity]
    public Task<DatabaseReady> WaitForDatabaseReadyAsync(WaitForDatabaseInput input) => throw new NotImplementedException();

    /// <summary>Fetches the kubeconfig from the Kapsule API and stores it privately in object storage.</summary>
    [Activity]
    public Task<KubeconfigRef> PublishKubeconfigAsync(PublishKubeconfigInput input) => throw new NotImplementedException();

    [Activity]
    public Task<StateRecorded> RecordInfraStateAsync(RecordInfraStateInput input) => throw new NotImplementedException();
}
