using System.Net.Sockets;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using k8s;
using k8s.Autorest;
using Npgsql;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Setup;

/// <summary>What surrounds the two phases: prerequisite and credential checks, hooks, template selection, health checks.</summary>
public sealed class SetupActivities
{
    /// <summary>The files of deploy/coder the phase-2 activities apply.</summary>
    public static readonly IReadOnlyList<string> RequiredManifests =
    [
        "namespace.yaml", "serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "service.yaml", "deployment.yaml",
        "ingress.yaml", "networkpolicy.yaml", "poddisruptionbudget.yaml",
    ];

    private static readonly TimeSpan DatabaseConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly ActivityServices _services;

    public SetupActivities(ActivityServices services) => _services = services;

    /// <summary>Spec valid, credentials present, Scaleway API answering with them, repository content present.</summary>
    [Activity]
    public async Task<PrerequisiteReport> CheckPrerequisitesAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var cancellationToken = ActivityRun.CancellationToken;
        var checks = new List<HealthCheckResult>();
        var (spec, environment) = (snapshot.Spec, snapshot.Environment);
        checks.Add(new HealthCheckResult("environment spec", true, $"{spec.Name}: {spec.Description} ({snapshot.Digest})"));

        var scaleway = new ScalewayAccess(_services);
        var credentials = scaleway.Credentials;
        checks.Add(new HealthCheckResult("credentials", true, $"Scaleway project {credentials.ProjectId}, region {credentials.Region}"));

        var versions = await CallGuard.ScalewayAsync("list Kubernetes versions", () => scaleway.Api.Kapsule.ListVersionsAsync(cancellationToken)).ConfigureAwait(false);
        checks.Add(new HealthCheckResult("scaleway api", true, $"authenticated read answered ({versions.Count} Kubernetes versions offered)"));

        var missingManifests = RequiredManifests.Where(file => !File.Exists(Path.Combine(_services.Options.ManifestsDirectory, file))).ToList();
        if (missingManifests.Count > 0)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                $"manifests missing from {_services.Options.ManifestsDirectory}: {string.Join(", ", missingManifests)}");
        }

        checks.Add(new HealthCheckResult("manifests", true, $"{RequiredManifests.Count} files in deploy/coder"));

        var templates = new TemplateCatalog(_services.Options.TemplatesDirectory).Resolve(spec.Templates);
        checks.Add(new HealthCheckResult("templates", true, string.Join(", ", templates)));
        _services.Logger.Information("Prerequisites of {Environment} met: {Checks}", environment, string.Join("; ", checks.Select(c => c.Name)));
        return new PrerequisiteReport(checks);
    }

    /// <summary>
    /// Whether hooks/&lt;hook&gt;.sh exists and its timeout: hooks/&lt;hook&gt;.timeout, else the
    /// <c>hooks.timeout</c> of the run's spec snapshot, else the worker's default.
    /// </summary>
    [Activity]
    public Task<HookPlan> DescribeHookAsync(DescribeHookInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var script = HookRunner.HookPath(_services.Options, input.Hook);
        var (timeout, source) = HookRunner.ResolveTimeout(_services.Options, input.Hook, input.Snapshot.Spec.Hooks);
        return Task.FromResult(new HookPlan(input.Hook, script is not null, timeout, source));
    }

    /// <summary>Runs hooks/&lt;hook&gt;.sh when present, with the specification's environment variables and a timeout.</summary>
    [Activity]
    public async Task<HookResult> RunHookAsync(HookInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var runner = new HookRunner(_services);
        await runner.KillLeftoversOfEarlierAttemptAsync(input.Hook).ConfigureAwait(false);
        var script = HookRunner.HookPath(_services.Options, input.Hook);
        if (script is null)
        {
            _services.Logger.Information("No hook {Hook} in {Directory}: skipped", input.Hook, _services.Options.HooksDirectory);
            return new HookResult(input.Hook, Ran: false, 0, string.Empty);
        }

        // Runs started before DescribeHook existed hand no timeout forward: their hook gets its .timeout file or the default.
        var timeout = input.Timeout ?? HookRunner.ResolveTimeout(_services.Options, input.Hook, hooks: null).Timeout;

        var kubeconfig = await TryGetKubeconfigAsync(input.Environment, cancellationToken).ConfigureAwait(false);
        string? kubeconfigPath = null;
        try
        {
            if (kubeconfig is not null)
            {
                kubeconfigPath = WritePrivateFile(kubeconfig);
            }

            return await runner.RunAsync(input, script, kubeconfigPath, OutputRedactor.FromKubeconfig(kubeconfig), timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (kubeconfigPath is not null)
            {
                File.Delete(kubeconfigPath);
            }
        }
    }

    [Activity]
    public async Task<HealthReport> RunHealthChecksAsync(HealthCheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var (spec, infra, environment) = (input.Step.Snapshot.Spec, input.Step.Infra, input.Environment);
        var checks = new List<HealthCheckResult>();
        using var client = await ClusterConnector.ConnectAsync(_services, environment, infra.ClusterId, cancellationToken).ConfigureAwait(false);

        checks.Add(await CheckAsync("nodes ready", () => CheckNodesAsync(client, cancellationToken)).ConfigureAwait(false));
        checks.Add(await CheckAsync("default storage class", () => CheckStorageClassAsync(client, cancellationToken)).ConfigureAwait(false));

        string? coderUrl = null;
        try
        {
            var service = await client.CoreV1.ReadNamespacedServiceAsync(CoderObjects.ServiceName, spec.Coder.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            coderUrl = LoadBalancerAddress.FromService(service)?.Url;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }

        if (coderUrl is null)
        {
            checks.Add(new HealthCheckResult("coder healthz", false, $"service {spec.Coder.Namespace}/{CoderObjects.ServiceName} has no load balancer address"));
            checks.Add(new HealthCheckResult("coder buildinfo", false, "no Coder address"));
        }
        else
        {
            var coder = new CoderApiClient(coderUrl, logger: _services.Logger);
            checks.Add(await CheckAsync("coder healthz", async () =>
                await coder.IsHealthyAsync(cancellationToken).ConfigureAwait(false) ? $"{coderUrl}/healthz answered OK" : throw new InvalidOperationException($"{coderUrl}/healthz did not answer 200")).ConfigureAwait(false));
            checks.Add(await CheckAsync("coder buildinfo", async () =>
                $"Coder {await coder.GetVersionAsync(cancellationToken).ConfigureAwait(false)} at {coderUrl}").ConfigureAwait(false));
        }

        checks.Add(await CheckAsync("database reachable", () => CheckDatabaseAsync(infra, cancellationToken)).ConfigureAwait(false));
        IReadOnlyList<string> expectedTemplates = input.Templates;
        checks.Add(coderUrl is null
            ? new HealthCheckResult("templates present", false, "no Coder address")
            : await CheckAsync("templates present", () => CheckTemplatesAsync(client, spec.Coder.Namespace, coderUrl, environment, expectedTemplates, cancellationToken)).ConfigureAwait(false));

        var report = new HealthReport(checks);
        foreach (var check in checks)
        {
            _services.Logger.Information("Health check {Check} of {Environment}: {Outcome} ({Detail})", check.Name, environment, check.Passed ? "passed" : "FAILED", check.Detail);
        }

        return report;
    }

    private async Task<string?> TryGetKubeconfigAsync(string environment, CancellationToken cancellationToken)
    {
        try
        {
            var state = await _services.State.ReadInfraAsync(environment, cancellationToken).ConfigureAwait(false);
            if (state?.Content.Cluster is null && state?.Content.Kubeconfig is null)
            {
                return null;
            }

            return await ClusterConnector.GetKubeconfigAsync(_services, environment, state.Content.Cluster?.ClusterId, cancellationToken).ConfigureAwait(false);
        }
        catch (Amazon.S3.AmazonS3Exception error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (EnvironmentSpecException)
        {
            // The pre-setup hook runs before the credential check: without credentials there is no cluster to hand it.
            _services.Logger.Information("No Scaleway credentials: hook runs without KUBECONFIG");
            return null;
        }
    }

    /// <summary>A temporary file only this user can read, created with mode 0600 before anything is written to it.</summary>
    private static string WritePrivateFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"coder-bootstrap-kubeconfig-{Guid.NewGuid():N}.yaml");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
        return path;
    }

    private Task<HealthCheckResult> CheckAsync(string name, Func<Task<string>> check) =>
        new HealthCheckRetry(_services.Options, _services.Logger).RunAsync(name, check, ActivityRun.CancellationToken);

    private static async Task<string> CheckNodesAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var nodes = (await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var notReady = nodes.Where(node => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true).Select(n => n.Metadata.Name).ToList();
        if (nodes.Count == 0)
        {
            throw new InvalidOperationException("the cluster has no nodes");
        }

        return notReady.Count == 0
            ? $"{nodes.Count} nodes Ready"
            : throw new InvalidOperationException($"{notReady.Count} of {nodes.Count} nodes not Ready: {string.Join(", ", notReady)}");
    }

    private static async Task<string> CheckStorageClassAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var classes = (await client.StorageV1.ListStorageClassAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var chosen = StorageClassRules.FindAcceptedDefault(classes)
            ?? throw new InvalidOperationException($"no default storage class provided by {StorageClassRules.ScalewayCsiProvisioner} or a legacy {StorageClassRules.LegacyClassPrefix}* class");
        return $"{chosen.Metadata.Name} ({chosen.Provisioner})";
    }

    /// <summary>TCP connect to the recorded endpoint; when it answers, a real login with the stored credentials.</summary>
    private async Task<string> CheckDatabaseAsync(InfraOutputs infra, CancellationToken cancellationToken)
    {
        using (var tcp = new TcpClient())
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(DatabaseConnectTimeout);
            try
            {
                await tcp.ConnectAsync(infra.DatabaseHost, infra.DatabasePort, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"{infra.DatabaseHost}:{infra.DatabasePort} did not accept a connection within {DatabaseConnectTimeout.TotalSeconds:0} s");
            }
            catch (SocketException error)
            {
                throw new InvalidOperationException($"{infra.DatabaseHost}:{infra.DatabasePort} refused the connection: {error.SocketErrorCode}");
            }
        }

        var password = await DatabaseCredentialsReader.ReadPasswordAsync(_services.DatabaseCredentials, infra, cancellationToken).ConfigureAwait(false);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = infra.DatabaseHost,
            Port = infra.DatabasePort,
            Database = infra.DatabaseName,
            Username = infra.DatabaseUser,
            Password = password,
            SslMode = SslMode.Prefer,
            Timeout = (int)DatabaseConnectTimeout.TotalSeconds,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException error)
        {
            // Npgsql messages name the host and user, never the password.
            throw new InvalidOperationException($"{infra.DatabaseHost}:{infra.DatabasePort} accepted TCP but the login as {infra.DatabaseUser} failed: {error.Message}");
        }

        return $"logged in to {infra.DatabaseName} at {infra.DatabaseHost}:{infra.DatabasePort} as {infra.DatabaseUser}";
    }

    private async Task<string> CheckTemplatesAsync(IKubernetes client, string ns, string coderUrl, string environment, IReadOnlyList<string> expected, CancellationToken cancellationToken)
    {
        var credentials = await new AdminSecretStore(client, ns).ReadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no admin login in secret {ns}/{AdminSecretStore.SecretName}");
        var coder = new CoderApiClient(coderUrl, logger: _services.Logger);
        await coder.LoginAsync(credentials.Email, credentials.Password, cancellationToken).ConfigureAwait(false);
        var organization = await coder.GetOrganizationIdAsync(cancellationToken).ConfigureAwait(false);
        var present = (await coder.ListTemplatesAsync(organization, cancellationToken).ConfigureAwait(false)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(name => !present.Contains(name)).ToList();
        return missing.Count == 0
            ? $"{expected.Count} templates of {environment} present: {string.Join(", ", expected)}"
            : throw new InvalidOperationException($"templates missing in Coder: {string.Join(", ", missing)}");
    }
}
