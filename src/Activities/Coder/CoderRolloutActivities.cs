using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using k8s;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>Waits until Coder's deployment is rolled out, its load balancer published and /healthz answers.</summary>
public sealed class CoderRolloutActivities(ClusterAccess clusters, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<CoderRolloutActivities>();

    [Activity]
    public async Task<CoderEndpoint> WaitForCoderRolloutAsync(CoderStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (spec, environment) = (input.Snapshot.Spec, input.Environment);
        using var client = await clusters.ConnectAsync(environment, input.Infra.ClusterId, ActivityRun.CancellationToken).ConfigureAwait(false);
        var ns = spec.Coder.Namespace;
        var polls = 0;
        return await ActivityRun.PollAsync(pollInterval, async cancellationToken =>
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(CoderObjects.DeploymentName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            var service = await client.CoreV1.ReadNamespacedServiceAsync(CoderObjects.ServiceName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            var desired = deployment.Spec?.Replicas ?? 1;
            var available = deployment.Status?.AvailableReplicas ?? 0;
            var rolledOut = (deployment.Status?.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
                && (deployment.Status?.UpdatedReplicas ?? 0) >= desired
                && available >= desired;
            var address = LoadBalancerAddress.FromService(service);
            var progress = $"{available}/{desired} replicas available, load balancer {(address is null ? "pending" : address.Url)}";
            if (rolledOut && address is not null && await AnswersHealthzAsync(address.Url, cancellationToken).ConfigureAwait(false))
            {
                var accessUrl = CoderManifestValues.HasDomain(spec) ? spec.Coder.AccessUrl : address.Url;
                _log.Information("Coder of {Environment} rolled out: {Progress}", environment, progress);
                return Poll<CoderEndpoint>.Finished(new CoderEndpoint(address.Url, address.Host, accessUrl, available));
            }

            if (++polls % 10 == 1)
            {
                _log.Information("Waiting for the Coder rollout of {Environment}: {Progress}", environment, progress);
            }
            return Poll<CoderEndpoint>.Pending(progress);
        }).ConfigureAwait(false);
    }

    private static async Task<bool> AnswersHealthzAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            return await CoderApiClient.ForPolling(url).IsHealthyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
