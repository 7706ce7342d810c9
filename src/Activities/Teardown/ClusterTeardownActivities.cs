using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>
/// Makes sure a cluster is gone: deleted with its additional resources (volumes, empty private
/// network, load balancers named after it — without them they keep billing) and waited to 404.
/// </summary>
public sealed class ClusterTeardownActivities(ScalewayAccess scaleway, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<ClusterTeardownActivities>();

    [Activity]
    public async Task<ResourceGone> DeleteClusterAsync(TeardownTarget input)
    {
        ArgumentNullException.ThrowIfNull(input);
        scaleway.For(input.Snapshot.Spec);
        var kapsule = scaleway.Api.Kapsule;
        var id = input.ResourceId;
        var cluster = await DescribeAsync(kapsule, id).ConfigureAwait(false);
        if (cluster is null)
        {
            _log.Information("Cluster {ClusterId} of {Environment} is already gone", id, input.Environment);
            return new ResourceGone(ResourceKinds.Cluster, id, false, 0);
        }
        if (cluster.Status != ClusterStatus.Deleting)
        {
            await CallGuard.ScalewayAsync($"delete cluster {id} with its additional resources",
                () => kapsule.DeleteClusterAsync(id, withAdditionalResources: true, ActivityRun.CancellationToken)).ConfigureAwait(false);
            _log.Information("Deleting cluster {Name} ({ClusterId}) of {Environment} with its additional resources", cluster.Name, id, input.Environment);
        }
        var polls = 0;
        return await ActivityRun.PollAsync(pollInterval, async _ =>
        {
            var current = await DescribeAsync(kapsule, id).ConfigureAwait(false);
            polls++;
            return current is null
                ? Poll<ResourceGone>.Finished(new ResourceGone(ResourceKinds.Cluster, id, true, polls), polls)
                : Poll<ResourceGone>.Pending($"cluster {id} {current.Status} ({polls} polls)");
        }).ConfigureAwait(false);
    }

    private static async Task<Cluster?> DescribeAsync(ScalewayKapsuleApi kapsule, string id)
    {
        try
        {
            return await CallGuard.ScalewayAsync($"read cluster {id}", () => kapsule.GetClusterAsync(id, ActivityRun.CancellationToken)).ConfigureAwait(false);
        }
        catch (Temporalio.Exceptions.ApplicationFailureException e) when (e.InnerException is ScalewayApiException { IsNotFound: true })
        {
            return null;
        }
    }
}
