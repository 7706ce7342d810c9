using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>
/// Makes sure a private network is gone. It can only be deleted once empty, and for a while after
/// a cluster or database has left it the API still answers 409 transient_state (sometimes a 5xx):
/// those answers are waited out here, polling, instead of failing the step.
/// </summary>
public sealed class NetworkTeardownActivities(ScalewayAccess scaleway, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<NetworkTeardownActivities>();

    [Activity]
    public async Task<ResourceGone> DeletePrivateNetworkAsync(TeardownTarget input)
    {
        ArgumentNullException.ThrowIfNull(input);
        scaleway.For(input.Snapshot.Spec);
        var vpc = scaleway.Api.Vpc;
        var id = input.ResourceId;
        var attempts = 0;
        return await ActivityRun.PollAsync(pollInterval, async cancellationToken =>
        {
            attempts++;
            try
            {
                var deleted = await CallGuard.ScalewayAsync($"delete private network {id}", () => vpc.DeletePrivateNetworkAsync(id, cancellationToken)).ConfigureAwait(false);
                _log.Information("Private network {PrivateNetworkId} of {Environment} {Outcome} after {Attempts} attempts",
                    id, input.Environment, deleted ? "deleted" : "already gone", attempts);
                return Poll<ResourceGone>.Finished(new ResourceGone(ResourceKinds.PrivateNetwork, id, deleted, attempts));
            }
            catch (ScalewayApiException e) when (e.IsRetryable)
            {
                // Still in use, or the API is busy: the client's short retries are spent, wait and try again.
                _log.Debug("Private network {PrivateNetworkId} not deletable yet: {Reason}", id, e.ApiMessage);
                return Poll<ResourceGone>.Pending($"private network {id}: {e.ApiMessage} ({attempts} attempts)");
            }
        }).ConfigureAwait(false);
    }
}
