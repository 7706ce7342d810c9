using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using k8s;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>Coder's objects on the cluster: the manifests under deploy/coder by server-side apply, and its secrets built in memory.</summary>
public sealed class CoderManifestActivities(ClusterAccess clusters, StateStorage storage, ManifestRenderer renderer, Func<string, string?> variables, TimeSpan pollInterval, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<CoderManifestActivities>();

    [Activity]
    public async Task<AppliedManifests> ApplyCoderManifestsAsync(CoderStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var (spec, infra, environment) = (input.Snapshot.Spec, input.Infra, input.Environment);
        var oauth = OAuthPolicy.Resolve(spec, variables);
        var databasePassword = await DatabaseCredentialsReader.ReadPasswordAsync(storage.DatabaseCredentials, infra, cancellationToken).ConfigureAwait(false);
        var ns = spec.Coder.Namespace;
        var hasDomain = CoderManifestValues.HasDomain(spec);
        var values = CoderManifestValues.Build(spec, infra, hasDomain ? spec.Coder.AccessUrl : "http://0.0.0.0");

        // Render everything first: a leftover placeholder is refused before anything is applied.
        var files = CoderManifestSet.Files(spec, hasDomain);
        var rendered = files.ToDictionary(file => file, file => Render(file, values));

        using var client = await clusters.ConnectAsync(environment, infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var applier = new ServerSideApplier(client);
        var applied = new List<string>();
        async Task ApplyAsync(RenderedManifest manifest)
        {
            // Heartbeat before the call, never as the activity's last act (see ActivityRun.PollAsync).
            ActivityRun.Heartbeat("applying " + manifest.DisplayName);
            var version = await applier.ApplyAsync(manifest, cancellationToken).ConfigureAwait(false);
            applied.Add(manifest.DisplayName);
            _log.Information("Applied {Object} in {Namespace} (resource version {ResourceVersion})", manifest.DisplayName, manifest.Namespace ?? "(cluster)", version);
        }

        await ApplyAsync(rendered["namespace.yaml"]).ConfigureAwait(false);
        await ApplyAsync(CoderManifestSet.Secret(CoderObjects.DatabaseUrlSecretName, ns, environment,
            new Dictionary<string, string> { ["url"] = DatabaseCredentialsReader.ConnectionUrl(infra, databasePassword) })).ConfigureAwait(false);
        if (oauth is not null)
        {
            await ApplyAsync(CoderManifestSet.Secret(CoderObjects.OAuthSecretName, ns, environment, oauth)).ConfigureAwait(false);
        }
        else
        {
            _log.Warning("No GitHub OAuth application configured for {Environment} ({ClientIdVariable} unset): Coder allows password login only",
                environment, spec.Coder.OAuth.ClientId.EnvironmentVariable);
        }

        foreach (var file in new[] { "serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "service.yaml" })
        {
            await ApplyAsync(rendered[file]).ConfigureAwait(false);
        }

        if (!hasDomain)
        {
            // Without a domain, Coder's access URL is the load balancer's address, known once the cloud controller published it.
            var address = await WaitForLoadBalancerAsync(client, ns).ConfigureAwait(false);
            values["CODER_ACCESS_URL"] = address.Url;
            rendered["deployment.yaml"] = Render("deployment.yaml", values);
        }

        foreach (var file in files.Where(f => f is "deployment.yaml" or "ingress.yaml" or "networkpolicy.yaml" or "poddisruptionbudget.yaml"))
        {
            await ApplyAsync(rendered[file]).ConfigureAwait(false);
        }

        return new AppliedManifests(ns, applied);
    }

    private RenderedManifest Render(string file, IReadOnlyDictionary<string, string> values)
    {
        try
        {
            return renderer.Render(file, values);
        }
        catch (ManifestException error)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration, error.Message, error);
        }
    }

    private Task<LoadBalancerAddress> WaitForLoadBalancerAsync(IKubernetes client, string ns) =>
        ActivityRun.PollAsync(pollInterval, async cancellationToken =>
        {
            var service = await client.CoreV1.ReadNamespacedServiceAsync(CoderObjects.ServiceName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return LoadBalancerAddress.FromService(service) is { } address
                ? Poll<LoadBalancerAddress>.Finished(address)
                : Poll<LoadBalancerAddress>.Pending("waiting for the load balancer address of service " + CoderObjects.ServiceName);
        });
}
