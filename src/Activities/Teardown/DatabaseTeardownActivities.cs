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
        var instance = new DeletableResource<DatabaseInstance>(ResourceKinds.DatabaseInstance, "database instance", input.ResourceId,
            ct => rdb.GetInstanceAsync(input.ResourceId, ct), i => i.Status.ToString(), i => i.Status == DatabaseInstanceStatus.Deleting,
            ct => rdb.DeleteInstanceAsync(input.ResourceId, ct));
        var gone = await ResourceDeletion.EnsureGoneAsync(instance, pollInterval, i =>
            _log.Information("Deleting database instance {Name} ({InstanceId}) of {Environment}", i.Name, i.Id, input.Environment)).ConfigureAwait(false);
        if (!gone.WasPresent)
        {
            _log.Information("Database instance {InstanceId} of {Environment} is already gone", input.ResourceId, input.Environment);
        }
        return gone;
    }
}
