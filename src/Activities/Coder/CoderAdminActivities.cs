using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>Coder's first admin: created with a generated password kept only in a Kubernetes secret, or adopted.</summary>
public sealed class CoderAdminActivities(ClusterAccess clusters, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<CoderAdminActivities>();

    [Activity]
    public async Task<FirstAdmin> EnsureFirstAdminAsync(FirstAdminInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var spec = input.Step.Snapshot.Spec;
        using var client = await clusters.ConnectAsync(spec.Name, input.Step.Infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var secrets = new AdminSecretStore(client, spec.Coder.Namespace);
        var coder = new CoderApiClient(input.Endpoint.Url, logger: _log);
        var stored = await secrets.ReadAsync(cancellationToken).ConfigureAwait(false);

        if (await coder.HasFirstUserAsync(cancellationToken).ConfigureAwait(false))
        {
            if (stored is null)
            {
                throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                    $"{spec.Name}: Coder already has a first user that coder-bootstrap did not create; store its login in secret {spec.Coder.Namespace}/{AdminSecretStore.SecretName} (keys email, username, password) to let the product push templates");
            }

            await CoderLogin.LoginAsync(coder, stored, spec.Name, cancellationToken).ConfigureAwait(false);
            _log.Information("Coder of {Environment} already has its first admin {UserName}: adopted", spec.Name, stored.UserName);
            return new FirstAdmin(stored.UserName, stored.Email, AdminSecretStore.SecretName, Created: false);
        }

        var credentials = stored ?? await secrets.CreateAsync(
            new AdminCredentials("admin", AdminEmail(spec), AdminPasswordGenerator.Generate()), spec.Name, cancellationToken).ConfigureAwait(false);
        var created = await coder.CreateFirstUserAsync(credentials.Email, credentials.UserName, "Coder administrator", credentials.Password, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            // A first user appeared between the check and the create: a concurrent or retried attempt made it.
            await CoderLogin.LoginAsync(coder, credentials, spec.Name, cancellationToken).ConfigureAwait(false);
        }

        _log.Information("First Coder admin {UserName} of {Environment} {Outcome}; password kept in secret {Namespace}/{Secret}",
            credentials.UserName, spec.Name, created ? "created" : "adopted", spec.Coder.Namespace, AdminSecretStore.SecretName);
        return new FirstAdmin(credentials.UserName, credentials.Email, AdminSecretStore.SecretName, created);
    }

    private static string AdminEmail(EnvironmentSpec spec) =>
        CoderManifestValues.HasDomain(spec) ? $"admin@{new Uri(spec.Coder.AccessUrl).Host}" : $"admin@coder-{spec.Name}.example.com";
}
