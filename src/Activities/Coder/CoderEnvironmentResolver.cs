using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using k8s;
using k8s.Autorest;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// Finds which environment a <see cref="CoderEndpoint"/> belongs to (the endpoint record carries
/// no environment name): the environment whose configured access URL it is, or else the one whose
/// Coder service is published at the endpoint's address.
/// </summary>
internal static class CoderEnvironmentResolver
{
    public static async Task<EnvironmentSpec> ResolveAsync(ActivityServices services, CoderEndpoint endpoint, CancellationToken cancellationToken)
    {
        ActivityFailures.Credentials(services);
        var specs = new List<EnvironmentSpec>();
        foreach (var name in services.Environments.KnownEnvironments())
        {
            try
            {
                specs.Add(services.Environments.Load(name));
            }
            catch (EnvironmentSpecException error)
            {
                // Another environment's broken file must not stop this one.
                services.Logger.Warning("Skipping environment {Environment} while locating {Url}: {Problem}", name, endpoint.Url, error.Message);
            }
        }

        var byAccessUrl = specs.Where(spec => CoderManifestValues.HasDomain(spec) && SameUrl(spec.Coder.AccessUrl, endpoint.AccessUrl)).ToList();
        if (byAccessUrl.Count == 1)
        {
            return byAccessUrl[0];
        }

        foreach (var spec in specs)
        {
            var state = await services.State.ReadInfraAsync(spec.Name, cancellationToken).ConfigureAwait(false);
            if (state?.Content.Cluster is null)
            {
                continue;
            }

            using var client = await ClusterConnector.ConnectAsync(services, spec.Name, state.Content.Cluster.ClusterId, cancellationToken).ConfigureAwait(false);
            try
            {
                var service = await client.CoreV1.ReadNamespacedServiceAsync(CoderActivities.ServiceName, spec.Coder.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (LoadBalancerAddress.FromService(service) is { } address && SameUrl(address.Url, endpoint.Url))
                {
                    return spec;
                }
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }

        throw ActivityFailures.NonRetryable($"no environment serves Coder at {endpoint.Url} (access URL {endpoint.AccessUrl})", ErrorTypes.InvalidArguments);
    }

    private static bool SameUrl(string left, string right) =>
        string.Equals(left.TrimEnd('/'), right.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
