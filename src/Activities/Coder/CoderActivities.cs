using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.State;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// Phase 2 (storage classes, Coder on Kubernetes, first admin, templates, coder state), through
/// KubernetesClient with server-side apply of the manifests under deploy/coder and Coder's REST API.
/// </summary>
public sealed class CoderActivities
{
    public const string ServiceName = "coder";
    public const string DeploymentName = "coder";
    public const string DatabaseUrlSecretName = "coder-db-url";
    public const string OAuthSecretName = "coder-github-oauth";
    public const string ProbeClaimName = "coder-bootstrap-storage-probe";
    public const string ProbeNamespace = "default";

    private const string LoadBalancerIdAnnotation = "service.beta.kubernetes.io/scw-loadbalancer-id";

    private readonly ActivityServices _services;

    public CoderActivities(ActivityServices services) => _services = services;

    /// <summary>The phase-1 outputs from the infra state; fails with MissingInfraState when phase 1 never ran.</summary>
    [Activity]
    public async Task<InfraOutputs> ReadInfraOutputsAsync(string environment)
    {
        ActivityFailures.LoadSpec(_services, environment);
        ActivityFailures.Credentials(_services);
        var outputs = await InfraOutputsReader.ReadAsync(_services, environment, ActivityHeartbeat.CancellationToken).ConfigureAwait(false);
        _services.Logger.Information("Phase-1 outputs of {Environment}: cluster {ClusterId}, database {InstanceId} at {Host}:{Port}",
            environment, outputs.ClusterId, outputs.DatabaseInstanceId, outputs.DatabaseHost, outputs.DatabasePort);
        return outputs;
    }

    /// <summary>Describe calls only: the cluster and the database recorded in state still exist and are ready.</summary>
    [Activity]
    public async Task<InfraOutputs> VerifyInfraAsync(InfraOutputs infra)
    {
        ArgumentNullException.ThrowIfNull(infra);
        var cancellationToken = ActivityHeartbeat.CancellationToken;
        ActivityFailures.Credentials(_services);
        Cluster cluster;
        DatabaseInstance database;
        try
        {
            cluster = await _services.Scaleway.Kapsule.GetClusterAsync(infra.ClusterId, cancellationToken).ConfigureAwait(false);
            database = await _services.Scaleway.Rdb.GetInstanceAsync(infra.DatabaseInstanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (ScalewayApiException error) when (error.IsNotFound)
        {
            throw ActivityFailures.NonRetryable(
                $"{infra.Environment}: the {error.Resource ?? "resource"} {error.ResourceId ?? string.Empty} recorded by phase 1 no longer exists: run `starter run infra --env={infra.Environment}` to recreate it",
                ErrorTypes.InfraMissing);
        }
        catch (ScalewayApiException error)
        {
            throw ActivityFailures.FromScaleway(error);
        }

        if (cluster.Status is ClusterStatus.Deleting || database.Status is DatabaseInstanceStatus.Deleting)
        {
            throw ActivityFailures.NonRetryable(
                $"{infra.Environment}: the {(cluster.Status is ClusterStatus.Deleting ? "cluster " + cluster.Id : "database " + database.Id)} is being deleted: run `starter run infra --env={infra.Environment}` once it is gone",
                ErrorTypes.InfraMissing);
        }

        if (database.Status is DatabaseInstanceStatus.Error)
        {
            throw ActivityFailures.NonRetryable($"{infra.Environment}: database {database.Id} is in error", ErrorTypes.ResourceFailed);
        }

        if (cluster.Status != ClusterStatus.Ready || database.Status != DatabaseInstanceStatus.Ready)
        {
            // Transient (an upgrade or a backup in progress): Temporal retries until both are ready again.
            throw new InvalidOperationException($"{infra.Environment}: cluster is {cluster.Status}, database is {database.Status}; waiting for both to be ready");
        }

        _services.Logger.Information("Phase 1 of {Environment} stands: cluster {ClusterId} and database {InstanceId} ready", infra.Environment, cluster.Id, database.Id);
        return infra;
    }

    [Activity]
    public async Task<StorageClassReport> ValidateStorageClassesAsync(string environment)
    {
        var cancellationToken = ActivityHeartbeat.CancellationToken;
        ActivityFailures.LoadSpec(_services, environment);
        var infra = await InfraOutputsReader.ReadAsync(_services, environment, cancellationToken).ConfigureAwait(false);
        using var client = await ClusterConnector.ConnectAsync(_services, environment, infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var classes = (await client.StorageV1.ListStorageClassAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var names = classes.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal).ToList();
        var chosen = StorageClassRules.FindAcceptedDefault(classes);
        if (chosen is null)
        {
            var defaults = classes.Where(StorageClassRules.IsDefault).Select(c => $"{c.Metadata.Name} ({c.Provisioner})").ToList();
            var found = defaults.Count > 0
                ? $"the default class {string.Join(", ", defaults)} is not provided by {StorageClassRules.ScalewayCsiProvisioner}"
                : $"no class is marked default (classes: {(names.Count == 0 ? "none" : string.Join(", ", names))})";
            throw ActivityFailures.NonRetryable(
                $"{environment}: no usable default storage class: {found}; workspaces need a default class provided by {StorageClassRules.ScalewayCsiProvisioner} " +
                $"(e.g. sbs-default) or a legacy {StorageClassRules.LegacyClassPrefix}* class: mark one with the annotation storageclass.kubernetes.io/is-default-class=true",
                ErrorTypes.NoDefaultStorageClass);
        }

        var bound = await ProbeVolumeAsync(client, chosen, cancellationToken).ConfigureAwait(false);
        _services.Logger.Information("Default storage class of {Environment}: {Class} ({Provisioner}); probe volume bound", environment, chosen.Metadata.Name, chosen.Provisioner);
        return new StorageClassReport(chosen.Metadata.Name, chosen.Provisioner, names, bound);
    }

    [Activity]
    public async Task<AppliedManifests> ApplyCoderManifestsAsync(string environment)
    {
        var cancellationToken = ActivityHeartbeat.CancellationToken;
        var spec = ActivityFailures.LoadSpec(_services, environment);
        var oauth = OAuthPolicy.Resolve(spec, _services.Options.Environment);
        var infra = await InfraOutputsReader.ReadAsync(_services, environment, cancellationToken).ConfigureAwait(false);
        var databasePassword = await DatabaseCredentialsReader.ReadPasswordAsync(_services, infra, cancellationToken).ConfigureAwait(false);
        var ns = spec.Coder.Namespace;
        var hasDomain = CoderManifestValues.HasDomain(spec);
        var renderer = new ManifestRenderer(_services.Options.ManifestsDirectory);
        var values = CoderManifestValues.Build(spec, infra, hasDomain ? spec.Coder.AccessUrl : "http://0.0.0.0");

        // Render everything first: a leftover placeholder is refused before anything is applied.
        var files = ManifestFiles(spec, hasDomain);
        RenderedManifest Render(string file)
        {
            try
            {
                return renderer.Render(file, values);
            }
            catch (ManifestException error)
            {
                throw ActivityFailures.NonRetryable(error.Message, ErrorTypes.InvalidConfiguration);
            }
        }

        var rendered = files.ToDictionary(file => file, Render);

        using var client = await ClusterConnector.ConnectAsync(_services, environment, infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var applier = new ServerSideApplier(client);
        var applied = new List<string>();
        async Task ApplyAsync(RenderedManifest manifest)
        {
            var version = await applier.ApplyAsync(manifest, cancellationToken).ConfigureAwait(false);
            applied.Add(manifest.DisplayName);
            _services.Logger.Information("Applied {Object} in {Namespace} (resource version {ResourceVersion})", manifest.DisplayName, manifest.Namespace ?? "(cluster)", version);
            ActivityHeartbeat.Beat("applied " + manifest.DisplayName);
        }

        await ApplyAsync(rendered["namespace.yaml"]).ConfigureAwait(false);
        await ApplyAsync(SecretManifest(DatabaseUrlSecretName, ns, environment,
            new Dictionary<string, string> { ["url"] = DatabaseCredentialsReader.ConnectionUrl(infra, databasePassword) })).ConfigureAwait(false);
        if (oauth is not null)
        {
            await ApplyAsync(SecretManifest(OAuthSecretName, ns, environment, oauth)).ConfigureAwait(false);
        }
        else
        {
            _services.Logger.Warning("No GitHub OAuth application configured for {Environment} ({ClientIdVariable} unset): Coder allows password login only",
                environment, spec.Coder.OAuth.ClientId.EnvironmentVariable);
        }

        foreach (var file in new[] { "serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "service.yaml" })
        {
            await ApplyAsync(rendered[file]).ConfigureAwait(false);
        }

        if (!hasDomain)
        {
            // Without a domain, Coder's access URL is the load balancer's address, known once the cloud controller published it.
            var address = await WaitForLoadBalancerAsync(client, ns, cancellationToken).ConfigureAwait(false);
            values["CODER_ACCESS_URL"] = address.Url;
            rendered["deployment.yaml"] = Render("deployment.yaml");
        }

        foreach (var file in files.Where(f => f is "deployment.yaml" or "ingress.yaml" or "networkpolicy.yaml" or "poddisruptionbudget.yaml"))
        {
            await ApplyAsync(rendered[file]).ConfigureAwait(false);
        }

        return new AppliedManifests(ns, applied);
    }

    [Activity]
    public async Task<CoderEndpoint> WaitForCoderRolloutAsync(string environment)
    {
        var cancellationToken = ActivityHeartbeat.CancellationToken;
        var spec = ActivityFailures.LoadSpec(_services, environment);
        var infra = await InfraOutputsReader.ReadAsync(_services, environment, cancellationToken).ConfigureAwait(false);
        using var client = await ClusterConnector.ConnectAsync(_services, environment, infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var ns = spec.Coder.Namespace;
        var polls = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(DeploymentName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            var service = await client.CoreV1.ReadNamespacedServiceAsync(ServiceName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
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
                _services.Logger.Information("Coder of {Environment} rolled out: {Progress}", environment, progress);
                return new CoderEndpoint(address.Url, address.Host, accessUrl, available);
            }

            if (++polls % 10 == 1)
            {
                _services.Logger.Information("Waiting for the Coder rollout of {Environment}: {Progress}", environment, progress);
            }

            ActivityHeartbeat.Beat(progress);
            await Task.Delay(_services.Options.RolloutPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    [Activity]
    public async Task<FirstAdmin> EnsureFirstAdminAsync(CoderEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var cancellationToken = ActivityHeartbeat.CancellationToken;
        var spec = await CoderEnvironmentResolver.ResolveAsync(_services, endpoint, cancellationToken).ConfigureAwait(false);
        var infra = await InfraOutputsReader.ReadAsync(_services, spec.Name, cancellationToken).ConfigureAwait(false);
        using var client = await ClusterConnector.ConnectAsync(_services, spec.Name, infra.ClusterId, cancellationToken).ConfigureAwait(false);
        var secrets = new AdminSecretStore(client, spec.Coder.Namespace);
        var coder = new CoderApiClient(endpoint.Url);
        var stored = await secrets.ReadAsync(cancellationToken).ConfigureAwait(false);

        if (await coder.HasFirstUserAsync(cancellationToken).ConfigureAwait(false))
        {
            if (stored is null)
            {
                throw ActivityFailures.NonRetryable(
                    $"{spec.Name}: Coder already has a first user that coder-bootstrap did not create; store its login in secret {spec.Coder.Namespace}/{AdminSecretStore.SecretName} (keys email, username, password) to let the product push templates",
                    ErrorTypes.InvalidConfiguration);
            }

            await LoginAsync(coder, stored, spec.Name, cancellationToken).ConfigureAwait(false);
            _services.Logger.Information("Coder of {Environment} already has its first admin {UserName}: adopted", spec.Name, stored.UserName);
            return new FirstAdmin(stored.UserName, stored.Email, AdminSecretStore.SecretName, Created: false);
        }

        var credentials = stored ?? await secrets.CreateAsync(
            new AdminCredentials("admin", AdminEmail(spec), AdminPasswordGenerator.Generate()), spec.Name, cancellationToken).ConfigureAwait(false);
        var created = await coder.CreateFirstUserAsync(credentials.Email, credentials.UserName, "Coder administrator", credentials.Password, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            // A first user appeared between the check and the create: a concurrent or retried attempt made it.
            await LoginAsync(coder, credentials, spec.Name, cancellationToken).ConfigureAwait(false);
        }

        _services.Logger.Information("First Coder admin {UserName} of {Environment} {Outcome}; password kept in secret {Namespace}/{Secret}",
            credentials.UserName, spec.Name, created ? "created" : "adopted", spec.Coder.Namespace, AdminSecretStore.SecretName);
        return new FirstAdmin(credentials.UserName, credentials.Email, AdminSecretStore.SecretName, created);
    }

    [Activity]
    public async Task<TemplatePushed> PushTemplateAsync(PushTemplateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityHeartbeat.CancellationToken;
        var spec = ActivityFailures.LoadSpec(_services, input.Environment);
        var folder = new TemplateCatalog(_services.Options.TemplatesDirectory).Locate(input.TemplateName);
        var archive = TemplateArchiveBuilder.Build(folder, Templates.ModuleBundler.FilesFor(folder, _services.Options.TemplatesDirectory, spec));
        var infra = await InfraOutputsReader.ReadAsync(_services, input.Environment, cancellationToken).ConfigureAwait(false);
        AdminCredentials credentials;
        using (var client = await ClusterConnector.ConnectAsync(_services, input.Environment, infra.ClusterId, cancellationToken).ConfigureAwait(false))
        {
            credentials = await new AdminSecretStore(client, spec.Coder.Namespace).ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw ActivityFailures.NonRetryable(
                    $"{input.Environment}: no admin login in secret {spec.Coder.Namespace}/{AdminSecretStore.SecretName}: the first admin must be created before templates are pushed",
                    ErrorTypes.InvalidConfiguration);
        }

        var coder = new CoderApiClient(input.CoderUrl);
        await LoginAsync(coder, credentials, input.Environment, cancellationToken).ConfigureAwait(false);
        var organization = await coder.GetOrganizationIdAsync(cancellationToken).ConfigureAwait(false);
        var existing = await coder.FindTemplateAsync(organization, input.TemplateName, cancellationToken).ConfigureAwait(false);

        // The version is named after the archive's digest: an unchanged template already active is not imported again,
        // which keeps a re-run of phase 2 (after a failure further on) short.
        var versionName = "sha-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(archive))[..16].ToLowerInvariant();
        if (existing is not null)
        {
            var active = await coder.GetTemplateVersionAsync(existing.ActiveVersionId, cancellationToken).ConfigureAwait(false);
            if (active.Name == versionName && active.JobStatus == "succeeded")
            {
                _services.Logger.Information("Template {Template} of {Environment}: unchanged, version {VersionId} stays active", input.TemplateName, input.Environment, active.Id);
                return new TemplatePushed(input.TemplateName, active.Id.ToString(), false);
            }
        }

        var fileId = await coder.UploadTarAsync(archive, cancellationToken).ConfigureAwait(false);
        CoderTemplateVersion version;
        try
        {
            try
            {
                version = await coder.CreateTemplateVersionAsync(organization, fileId, existing?.Id, $"pushed by coder-bootstrap for {input.Environment}", cancellationToken, versionName).ConfigureAwait(false);
            }
            catch (CoderApiException error) when (error.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // A version of that name exists but is not active (an earlier push stopped before promoting, or the
                // template went back to earlier content): promote it when its import succeeded, else import under a generated name.
                var named = existing is null ? null : (await coder.ListTemplateVersionsAsync(existing.Id, cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(v => v.Name == versionName && v.JobStatus == "succeeded");
                version = named ?? await coder.CreateTemplateVersionAsync(organization, fileId, existing?.Id, $"pushed by coder-bootstrap for {input.Environment}", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CoderApiException error) when (error.IsPermanent)
        {
            throw ActivityFailures.NonRetryable($"template {input.TemplateName}: {error.Message}", ErrorTypes.TemplateImportFailed);
        }

        ActivityHeartbeat.Beat($"template {input.TemplateName}: version {version.Id} {version.JobStatus}");
        while (!version.IsFinished)
        {
            await Task.Delay(_services.Options.RolloutPollInterval, cancellationToken).ConfigureAwait(false);
            version = await coder.GetTemplateVersionAsync(version.Id, cancellationToken).ConfigureAwait(false);
            ActivityHeartbeat.Beat($"template {input.TemplateName}: version {version.Id} {version.JobStatus}");
        }

        if (version.JobStatus != "succeeded")
        {
            throw ActivityFailures.NonRetryable(
                $"template {input.TemplateName}: the import job {version.JobStatus}: {version.JobError ?? "no error reported"}",
                ErrorTypes.TemplateImportFailed);
        }

        var createdTemplate = false;
        if (existing is null)
        {
            var template = await coder.CreateTemplateAsync(organization, input.TemplateName, $"{input.TemplateName} workspace template (coder-bootstrap)", version.Id, cancellationToken).ConfigureAwait(false);
            createdTemplate = template is not null;
            existing = template ?? await coder.FindTemplateAsync(organization, input.TemplateName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"template {input.TemplateName} was reported as existing but cannot be read");
        }

        if (!createdTemplate)
        {
            // The new version only belongs to the template when it was created for it; otherwise promote it.
            if (existing.ActiveVersionId != version.Id)
            {
                await coder.PromoteAsync(existing.Id, version.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        _services.Logger.Information("Template {Template} of {Environment}: version {VersionId} {Outcome}", input.TemplateName, input.Environment, version.Id, createdTemplate ? "created the template" : "promoted");
        return new TemplatePushed(input.TemplateName, version.Id.ToString(), createdTemplate);
    }

    [Activity]
    public async Task<StateRecorded> RecordCoderStateAsync(RecordCoderStateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityHeartbeat.CancellationToken;
        var spec = ActivityFailures.LoadSpec(_services, input.Environment);
        var infra = await InfraOutputsReader.ReadAsync(_services, input.Environment, cancellationToken).ConfigureAwait(false);
        string? loadBalancerId;
        using (var client = await ClusterConnector.ConnectAsync(_services, input.Environment, infra.ClusterId, cancellationToken).ConfigureAwait(false))
        {
            var service = await client.CoreV1.ReadNamespacedServiceAsync(ServiceName, spec.Coder.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            loadBalancerId = service.Metadata.Annotations is { } annotations && annotations.TryGetValue(LoadBalancerIdAnnotation, out var id) ? id : null;
        }

        var now = DateTimeOffset.UtcNow;
        var state = new CoderState(
            input.Environment,
            spec.Coder.Namespace,
            DeploymentName,
            ChartVersion: null,
            spec.Coder.Version,
            input.Endpoint.AccessUrl,
            new LoadBalancerState(loadBalancerId ?? string.Empty, input.Endpoint.LoadBalancerIp, spec.LoadBalancer.Type),
            input.Templates.Select(t => new TemplateState(t.Name, t.VersionId, now)).ToList());
        var document = await _services.State.WriteCoderAsync(state, cancellationToken).ConfigureAwait(false);
        _services.Logger.Information("Recorded the coder state of {Environment} (version {Sequence})", input.Environment, document.Sequence);
        return new StateRecorded(_services.State.BucketName(input.Environment), S3StateStore.CurrentKey(StateKind.Coder), document.Sequence);
    }

    private static IReadOnlyList<string> ManifestFiles(EnvironmentSpec spec, bool hasDomain)
    {
        var files = new List<string> { "namespace.yaml", "serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "service.yaml", "deployment.yaml" };
        if (hasDomain)
        {
            files.Add("ingress.yaml");
        }

        if (spec.Security.NetworkPolicies)
        {
            files.Add("networkpolicy.yaml");
        }

        if (spec.Coder.Replicas > 1)
        {
            files.Add("poddisruptionbudget.yaml");
        }

        return files;
    }

    private static RenderedManifest SecretManifest(string name, string ns, string environment, IReadOnlyDictionary<string, string> values)
    {
        var data = new JsonObject();
        foreach (var (key, value) in values)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    ["app.kubernetes.io/part-of"] = "coder",
                    ["app.kubernetes.io/managed-by"] = "coder-bootstrap",
                    ["coder-bootstrap/environment"] = environment,
                },
            },
            ["type"] = "Opaque",
            ["data"] = data,
        };
        return RenderedManifest.FromBody(body, "secret " + name);
    }

    private async Task<LoadBalancerAddress> WaitForLoadBalancerAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        while (true)
        {
            var service = await client.CoreV1.ReadNamespacedServiceAsync(ServiceName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (LoadBalancerAddress.FromService(service) is { } address)
            {
                return address;
            }

            ActivityHeartbeat.Beat("waiting for the load balancer address of service " + ServiceName);
            await Task.Delay(_services.Options.RolloutPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AnswersHealthzAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            return await new CoderApiClient(url).IsHealthyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Creates (or reuses) a small claim on the default class, waits until it is bound, then deletes it.</summary>
    private async Task<bool> ProbeVolumeAsync(IKubernetes client, V1StorageClass storageClass, CancellationToken cancellationToken)
    {
        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta
            {
                Name = ProbeClaimName,
                NamespaceProperty = ProbeNamespace,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "coder-bootstrap" },
            },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                StorageClassName = storageClass.Metadata.Name,
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
            },
        };
        try
        {
            await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, ProbeNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            _services.Logger.Information("Reusing the storage probe claim left by an earlier attempt");
        }

        var consumer = string.Equals(storageClass.VolumeBindingMode, "WaitForFirstConsumer", StringComparison.Ordinal)
            ? await StartProbeConsumerAsync(client, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            while (true)
            {
                var current = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(ProbeClaimName, ProbeNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (current.Status?.Phase == "Bound")
                {
                    return true;
                }

                ActivityHeartbeat.Beat($"storage probe claim {current.Status?.Phase ?? "Pending"}");
                await Task.Delay(_services.Options.RolloutPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (consumer is not null)
            {
                await DeleteIgnoringMissingAsync(() => client.CoreV1.DeleteNamespacedPodAsync(consumer, ProbeNamespace, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
            }

            await DeleteIgnoringMissingAsync(() => client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(ProbeClaimName, ProbeNamespace, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>A class that binds on first consumer needs a pod using the claim before it binds.</summary>
    private static async Task<string> StartProbeConsumerAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var name = ProbeClaimName + "-consumer";
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ProbeNamespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "coder-bootstrap" } },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 65535, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                Containers =
                [
                    new V1Container
                    {
                        Name = "probe",
                        Image = "registry.k8s.io/pause:3.10",
                        VolumeMounts = [new V1VolumeMount { Name = "probe", MountPath = "/probe" }],
                        SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                    },
                ],
                Volumes = [new V1Volume { Name = "probe", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ProbeClaimName } }],
            },
        };
        try
        {
            await client.CoreV1.CreateNamespacedPodAsync(pod, ProbeNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }

        return name;
    }

    private static async Task DeleteIgnoringMissingAsync(Func<Task> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task LoginAsync(CoderApiClient coder, AdminCredentials credentials, string environment, CancellationToken cancellationToken)
    {
        try
        {
            await coder.LoginAsync(credentials.Email, credentials.Password, cancellationToken).ConfigureAwait(false);
        }
        catch (CoderApiException error) when (error.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw ActivityFailures.NonRetryable(
                $"{environment}: Coder refused the admin login kept in secret {AdminSecretStore.SecretName}: {error.ApiMessage}",
                ErrorTypes.AuthenticationFailed);
        }

        _services.Logger.Debug("Logged in to Coder as {UserName}", credentials.UserName);
    }

    private static string AdminEmail(EnvironmentSpec spec) =>
        CoderManifestValues.HasDomain(spec) ? $"admin@{new Uri(spec.Coder.AccessUrl).Host}" : $"admin@coder-{spec.Name}.example.com";
}
