using CoderBootstrap.Activities.Runtime;
using k8s;
using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>
/// Connects to an environment's cluster: the kubeconfig published by phase 1 in object storage,
/// or else the Kapsule API's kubeconfig of the recorded cluster. The kubeconfig stays in memory.
/// </summary>
public static class ClusterConnector
{
    public static async Task<string> GetKubeconfigAsync(ActivityServices services, string environment, string? clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var published = await services.Kubeconfigs.DownloadAsync(environment, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(published))
        {
            return published;
        }

        if (string.IsNullOrEmpty(clusterId))
        {
            throw new ApplicationFailureException(
                $"no kubeconfig published for {environment} and no cluster recorded: run `starter run infra --env={environment}` first",
                ErrorTypes.MissingInfraState, nonRetryable: true);
        }

        services.Logger.Information("No published kubeconfig for {Environment}: using the Kapsule API's for cluster {ClusterId}", environment, clusterId);
        return await services.Scaleway.Kapsule.GetKubeconfigAsync(clusterId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IKubernetes> ConnectAsync(ActivityServices services, string environment, string? clusterId, CancellationToken cancellationToken) =>
        KubernetesClientFactory.FromKubeconfig(await GetKubeconfigAsync(services, environment, clusterId, cancellationToken).ConfigureAwait(false));
}
