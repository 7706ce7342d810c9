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
        var cluster = new DeletableResource<Cluster>(ResourceKinds.Cluster, "cluster", input.ResourceId,
            ct => kapsule.GetClusterAsync(input.ResourceId, ct), c => c.Status.ToString(), c => c.Status == ClusterStatus.Deleting,
            ct => kapsule.DeleteClusterAsync(input.ResourceId, withAdditionalResources: true, ct));
        var gone = await ResourceDeletion.EnsureGoneAsync(cluster, pollInterval, c =>
            _log.Information("Deleting cluster {Name} ({ClusterId}) of {Environment} with its additional resources", c.Name, c.Id, input.Environment)).ConfigureAwait(false);
        if (!gone.WasPresent)
        {
            _log.Information("Cluster {ClusterId} of {Environment} is already gone", input.ResourceId, input.Environment);
        }
        return gone;
    }
}
