using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>Waits for the database instance to be ready with its contents; resumes its wait from the heartbeat after a worker restart.</summary>
public sealed class DatabaseWaitActivities(ScalewayAccess scaleway, StateStorage storage, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<DatabaseWaitActivities>();

    [Activity]
    public async Task<DatabaseReady> WaitForDatabaseReadyAsync(WaitForDatabaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Snapshot.Spec;
        scaleway.For(spec);
        var rdb = scaleway.Api.Rdb;
        var contents = new DatabaseContents(scaleway.Api, storage.DatabaseCredentials, _log);
        var progress = await ActivityRun.ResumeAsync<DatabaseWaitProgress>(p => p.InstanceId == input.InstanceId, _log).ConfigureAwait(false);
        if (progress is not null)
        {
            _log.Information("Resuming the wait for database instance {InstanceId} of {Environment}, started at {StartedAt} ({Polls} polls so far, last seen {Status})",
                input.InstanceId, spec.Name, progress.StartedAt, progress.Polls, progress.InstanceStatus);
        }
        var startedAt = progress?.StartedAt ?? DateTimeOffset.UtcNow;
        var polls = progress?.Polls ?? 0;
        string? privateNetworkId = null;

        return await ActivityRun.PollAsync(pollInterval, async cancellationToken =>
        {
            var instance = await CallGuard.ScalewayAsync($"read database instance {input.InstanceId}",
                () => rdb.GetInstanceAsync(input.InstanceId, cancellationToken)).ConfigureAwait(false);
            if (ScalewayReadiness.HasDatabaseFailed(instance) || instance.Status == DatabaseInstanceStatus.Deleting)
            {
                throw ActivityFailure.Permanent(FailureKind.ResourceFailed,
                    $"database instance {instance.Name} ({instance.Id}) is {instance.Status} and will not become ready by itself; look at it in the Scaleway console");
            }

            var complete = false;
            (string Host, int Port)? endpoint = null;
            if (ScalewayReadiness.IsDatabaseReady(instance))
            {
                privateNetworkId ??= await contents.PrivateNetworkOfAsync(spec, instance, cancellationToken).ConfigureAwait(false);
                complete = await contents.EnsureAsync(spec, instance, privateNetworkId, cancellationToken).ConfigureAwait(false);
                endpoint = ScalewayReadiness.PrivateEndpoint(instance, privateNetworkId);
            }

            var now = DateTimeOffset.UtcNow;
            var seen = new DatabaseWaitProgress(instance.Id, startedAt, ++polls, instance.Status, complete, now);
            if (!complete || endpoint is not { } reachable)
            {
                _log.Debug("Database instance {InstanceId} is {Status}; database and user in place: {Complete}", instance.Id, instance.Status, complete);
                return Poll<DatabaseReady>.Pending(seen);
            }

            _log.Information("Database instance {Name} ({InstanceId}) of {Environment} is ready at {Host}:{Port} on private network {PrivateNetworkId} after {Polls} polls",
                instance.Name, instance.Id, spec.Name, reachable.Host, reachable.Port, privateNetworkId, polls);
            return Poll<DatabaseReady>.Finished(new DatabaseReady(instance.Id, instance.Name, instance.Engine, instance.NodeType, instance.IsHaCluster,
                reachable.Host, reachable.Port, spec.Database.DatabaseName, spec.Database.UserName, DatabaseCredentialsStore.ObjectKey(spec.Name), now));
        }).ConfigureAwait(false);
    }
}
