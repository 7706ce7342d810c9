using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>Whether a finished phase 1 still stands: describe calls only.</summary>
public sealed class InfraCheckActivities(ScalewayAccess scaleway, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<InfraCheckActivities>();

    /// <summary>The cluster and the database recorded in state still exist and are ready; InfraMissing when one is gone.</summary>
    [Activity]
    public async Task<InfraOutputs> VerifyInfraAsync(InfraOutputs infra)
    {
        ArgumentNullException.ThrowIfNull(infra);
        var cancellationToken = ActivityRun.CancellationToken;
        var api = scaleway.Api;
        Cluster cluster;
        DatabaseInstance database;
        try
        {
            cluster = await api.Kapsule.GetClusterAsync(infra.ClusterId, cancellationToken).ConfigureAwait(false);
            database = await api.Rdb.GetInstanceAsync(infra.DatabaseInstanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (ScalewayApiException error) when (error.IsNotFound)
        {
            throw ActivityFailure.Permanent(FailureKind.InfraMissing,
                $"{infra.Environment}: the {error.Resource ?? "resource"} {error.ResourceId ?? string.Empty} recorded by phase 1 no longer exists: run `starter run infra --env={infra.Environment}` to recreate it", error);
        }
        catch (ScalewayApiException error) when (!error.IsRetryable)
        {
            throw ActivityFailure.Permanent(CallGuard.KindOf(error), $"{infra.Environment}: describing phase 1 failed: {error.ApiMessage}", error);
        }

        if (cluster.Status is ClusterStatus.Deleting || database.Status is DatabaseInstanceStatus.Deleting)
        {
            throw ActivityFailure.Permanent(FailureKind.InfraMissing,
                $"{infra.Environment}: the {(cluster.Status is ClusterStatus.Deleting ? "cluster " + cluster.Id : "database " + database.Id)} is being deleted: run `starter run infra --env={infra.Environment}` once it is gone");
        }
        if (database.Status is DatabaseInstanceStatus.Error)
        {
            throw ActivityFailure.Permanent(FailureKind.ResourceFailed, $"{infra.Environment}: database {database.Id} is in error");
        }
        if (cluster.Status != ClusterStatus.Ready || database.Status != DatabaseInstanceStatus.Ready)
        {
            // Transient (an upgrade or a backup in progress): Temporal retries until both are ready again.
            throw new InvalidOperationException($"{infra.Environment}: cluster is {cluster.Status}, database is {database.Status}; waiting for both to be ready");
        }

        _log.Information("Phase 1 of {Environment} stands: cluster {ClusterId} and database {InstanceId} ready", infra.Environment, cluster.Id, database.Id);
        return infra;
    }
}
