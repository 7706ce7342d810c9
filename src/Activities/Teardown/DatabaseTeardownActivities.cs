using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>
/// Makes sure a database instance is gone: deleted and waited to 404. Its automatic backups are
/// not deleted with it; they expire with their retention.
/// </summary>
public sealed class DatabaseTeardownActivities(ScalewayAccess scaleway, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<DatabaseTeardownActivities>();

    [Activity]
    public async Task<ResourceGone> DeleteDatabaseAsync(TeardownTarget input)
    {
        ArgumentNullException.ThrowIfNull(input);
        scaleway.For(input.Snapshot.Spec);
        var rdb = scaleway.Api.Rdb;
        var id = input.ResourceId;
        var instance = await DescribeAsync(rdb, id).ConfigureAwait(false);
        if (instance is null)
        {
            _log.Information("Database instance {InstanceId} of {Environment} is already gone", id, input.Environment);
            return new ResourceGone(ResourceKinds.DatabaseInstance, id, false, 0);
        }
        if (instance.Status != DatabaseInstanceStatus.Deleting)
        {
            await CallGuard.ScalewayAsync($"delete database instance {id}", () => rdb.DeleteInstanceAsync(id, ActivityRun.CancellationToken)).ConfigureAwait(false);
            _log.Information("Deleting database instance {Name} ({InstanceId}) of {Environment}", instance.Name, id, input.Environment);
        }
        var polls = 0;
        return await ActivityRun.PollAsync(pollInterval, async _ =>
        {
            var current = await DescribeAsync(rdb, id).ConfigureAwait(false);
            polls++;
            return current is null
                ? Poll<ResourceGone>.Finished(new ResourceGone(ResourceKinds.DatabaseInstance, id, true, polls), polls)
                : Poll<ResourceGone>.Pending($"database instance {id} {current.Status} ({polls} polls)");
        }).ConfigureAwait(false);
    }

    private static async Task<DatabaseInstance?> DescribeAsync(ScalewayRdbApi rdb, string id)
    {
        try
        {
            return await CallGuard.ScalewayAsync($"read database instance {id}", () => rdb.GetInstanceAsync(id, ActivityRun.CancellationToken)).ConfigureAwait(false);
        }
        catch (Temporalio.Exceptions.ApplicationFailureException e) when (e.InnerException is ScalewayApiException { IsNotFound: true })
        {
            return null;
        }
    }
}
