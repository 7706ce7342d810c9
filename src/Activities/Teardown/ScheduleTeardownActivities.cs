using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>
/// The Temporal schedules of a torn-down environment: a backup or cost check left scheduled would keep
/// firing at resources that are gone. Through the worker's own client; a missing schedule is done.
/// </summary>
public sealed class ScheduleTeardownActivities(Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<ScheduleTeardownActivities>();

    /// <summary>Deletes each schedule that exists and answers the ids it deleted (their past runs stay).</summary>
    [Activity]
    public async Task<IReadOnlyList<string>> DeleteSchedulesAsync(IReadOnlyList<string> scheduleIds)
    {
        ArgumentNullException.ThrowIfNull(scheduleIds);
        var client = ActivityExecutionContext.Current.TemporalClient;
        var deleted = new List<string>();
        foreach (var id in scheduleIds)
        {
            try
            {
                await client.GetScheduleHandle(id).DeleteAsync(new() { CancellationToken = ActivityRun.CancellationToken }).ConfigureAwait(false);
                deleted.Add(id);
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
            }
        }
        _log.Information("Schedules deleted: {Schedules}", deleted);
        return deleted;
    }
}
