using System.Net;
using CoderBootstrap.Activities.Runtime;
using k8s;
using k8s.Autorest;
using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>
/// Connects to an environment's cluster: the kubeconfig published by phase 1 in object storage,
/// or else the Kapsule API's kubeconfig of the recorded cluster. A published copy that no longer
/// works (its endpoint refuses connections, its token was reset and is refused with 401) is
/// replaced by fresh credentials from the Kapsule API, published again for the next caller. The
/// kubeconfig stays in memory.
/// </summary>
public static class ClusterConnector
{
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromHours(1);

    public static async Task<string> GetKubeconfigAsync(ActivityServices services, string environment, string? clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var published = await services.Kubeconfigs.DownloadAsync(environment, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(published))
        {
            var problem = await FindCredentialProblemAsync(published, services.Logger, cancellationToken).ConfigureAwait(false);
            if (problem is null || string.IsNullOrEmpty(clusterId))
            {
                return published;
            }

            services.Logger.Warning("The published kubeconfig of {Environment} does not work ({Problem}): fetching fresh credentials of cluster {ClusterId} from the Kapsule API and publishing them again",
                environment, problem, clusterId);
            var fresh = await services.Scaleway.Kapsule.GetKubeconfigAsync(clusterId, cancellationToken: cancellationToken).ConfigureAwait(false);
            await services.Kubeconfigs.PublishAsync(environment, fresh, UrlLifetime, cancellationToken).ConfigureAwait(false);
            return fresh;
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

    public static async Task<IKubernetes> ConnectAsync(ActivityServices services, string environment, string? clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return KubernetesClientFactory.FromKubeconfig(await GetKubeconfigAsync(services, environment, clusterId, cancellationToken).ConfigureAwait(false), services.Logger);
    }

    /// <summary>
    /// One authenticated read (GET /version): why the credentials do not work, or null when they
    /// do or when the failure says nothing about them (a server error is the caller's to retry).
    /// </summary>
    private static async Task<string?> FindCredentialProblemAsync(string kubeconfig, Serilog.ILogger logger, CancellationToken cancellationToken)
    {
        using var client = KubernetesClientFactory.FromKubeconfig(kubeconfig, logger);
        try
        {
            await client.Version.GetCodeAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return "the API server refused its token (401)";
        }
        catch (HttpRequestException error)
        {
            return $"the API server did not answer: {error.Message}";
        }
    }
}
