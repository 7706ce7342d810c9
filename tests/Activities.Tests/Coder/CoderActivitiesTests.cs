using System.Text;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;
using CoderBootstrap.Sandbox.Runtime;
using k8s;
using k8s.Models;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Coder;

[Collection(SandboxPhase1Collection.Name)]
public sealed class CoderActivitiesTests
{
    private readonly SandboxPhase1Fixture _fixture;
    private readonly PhaseTwoActivities _activities;

    public CoderActivitiesTests(SandboxPhase1Fixture fixture)
    {
        _fixture = fixture;
        _activities = new PhaseTwoActivities(fixture.Services);
    }

    [Fact]
    public async Task ReadInfraOutputsReturnsThePhase1OutputsFromState()
    {
        var outputs = await new ActivityEnvironment().RunAsync(() => _activities.ReadInfraOutputsAsync("dev"));

        Assert.Equal("dev", outputs.Environment);
        Assert.Equal("secrets/database-dev.json", outputs.CredentialsObjectKey);
        Assert.Equal("coder", outputs.DatabaseName);
        Assert.False(string.IsNullOrEmpty(outputs.ClusterId));
        Assert.True(outputs.DatabasePort > 0);
    }

    [Fact]
    public async Task ReadInfraOutputsWithoutPhase1StateFailsNonRetryableNamingTheInfraCommand()
    {
        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => _activities.ReadInfraOutputsAsync("qa")));

        Assert.Equal(ErrorTypes.MissingInfraState, error.ErrorType);
        Assert.True(error.NonRetryable);
        Assert.Contains("no phase-1 state for qa: run `starter run infra --env=qa` first", error.Message);
    }

    [Fact]
    public void AnIncompletePhase1StateIsMissingInfraStateNamingWhatIsAbsent()
    {
        var state = new InfraState("dev", "fr-par", "fr-par-1", "project", new NetworkState("pn", null, "172.16.0.0/22"), null, null, null);

        var error = Assert.Throws<ApplicationFailureException>(() => InfraOutputsReader.FromState(state, "dev"));

        Assert.Equal(ErrorTypes.MissingInfraState, error.ErrorType);
        Assert.Contains("no cluster, no database, no kubeconfig", error.Message);
    }

    [Fact]
    public async Task WithoutAPublishedKubeconfigTheClusterIsReachedThroughTheKapsuleApi()
    {
        var kubeconfig = (await _fixture.Services.Kubeconfigs.DownloadAsync("lab"))!;
        await _fixture.Services.S3.DeleteObjectAsync(_fixture.Services.State.BucketName("lab"), KubeconfigPublisher.ObjectKey("lab"));
        try
        {
            var before = _fixture.Sandbox.Runtime.GetRequestLog("k8s.clusters.kubeconfig").Count;

            var report = await new ActivityEnvironment().RunAsync(() => _activities.ValidateStorageClassesAsync("lab"));

            Assert.True(report.ProbeVolumeBound);
            Assert.True(_fixture.Sandbox.Runtime.GetRequestLog("k8s.clusters.kubeconfig").Count > before);
        }
        finally
        {
            await _fixture.Services.Kubeconfigs.PublishAsync("lab", kubeconfig, TimeSpan.FromHours(1));
        }
    }

    [Fact]
    public async Task VerifyInfraMakesNoMutatingCall()
    {
        var outputs = await new ActivityEnvironment().RunAsync(() => _activities.ReadInfraOutputsAsync("dev"));
        var before = _fixture.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;

        var verified = await new ActivityEnvironment().RunAsync(() => _activities.VerifyInfraAsync(outputs));

        Assert.Equal(outputs, verified);
        Assert.Equal(before, _fixture.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    [Fact]
    public async Task VerifyInfraOfAVanishedClusterFailsNonRetryableInfraMissing()
    {
        var outputs = await new ActivityEnvironment().RunAsync(() => _activities.ReadInfraOutputsAsync("dev"));
        var gone = outputs with { ClusterId = Guid.NewGuid().ToString() };

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => _activities.VerifyInfraAsync(gone)));

        Assert.Equal(ErrorTypes.InfraMissing, error.ErrorType);
        Assert.True(error.NonRetryable);
    }

    [Fact]
    public async Task ValidateStorageClassesFindsTheScalewayDefaultAndRemovesTheBoundProbe()
    {
        var report = await new ActivityEnvironment().RunAsync(() => _activities.ValidateStorageClassesAsync("dev"));

        Assert.Equal("sbs-default", report.DefaultClass);
        Assert.Equal("csi.scaleway.com", report.Provisioner);
        Assert.True(report.ProbeVolumeBound);
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "dev");
        var claims = await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(StorageProbe.Namespace);
        Assert.DoesNotContain(claims.Items, c => c.Metadata.Name == StorageProbe.ClaimName);
    }

    [Fact]
    public async Task ValidateStorageClassesWithoutADefaultClassFailsNonRetryableWithAClearMessage()
    {
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "staging");
        await client.StorageV1.DeleteStorageClassAsync("sbs-default");
        try
        {
            var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => _activities.ValidateStorageClassesAsync("staging")));

            Assert.Equal(ErrorTypes.NoDefaultStorageClass, error.ErrorType);
            Assert.True(error.NonRetryable);
            Assert.Contains("no class is marked default", error.Message);
            Assert.Contains("csi.scaleway.com", error.Message);
        }
        finally
        {
            await client.StorageV1.CreateStorageClassAsync(new V1StorageClass
            {
                Metadata = new V1ObjectMeta { Name = "sbs-default", Annotations = new Dictionary<string, string> { ["storageclass.kubernetes.io/is-default-class"] = "true" } },
                Provisioner = "csi.scaleway.com",
                ReclaimPolicy = "Delete",
                VolumeBindingMode = "WaitForFirstConsumer",
            });
        }
    }

    [Fact]
    public async Task ApplyCoderManifestsCreatesTheBaselineNamespaceDatabaseSecretAndWorkloadsForDev()
    {
        await _fixture.DeployCoderAsync("dev");
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "dev");

        var ns = await client.CoreV1.ReadNamespaceAsync("coder");
        Assert.Equal("baseline", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        var secret = await client.CoreV1.ReadNamespacedSecretAsync(CoderObjects.DatabaseUrlSecretName, "coder");
        var url = Encoding.UTF8.GetString(secret.Data["url"]);
        Assert.StartsWith("postgres://coder:", url);
        Assert.EndsWith("/coder?sslmode=require", url);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("coder", "coder");
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("ghcr.io/coder/coder:2.24.1", deployment.Spec.Template.Spec.Containers[0].Image);
        var service = await client.CoreV1.ReadNamespacedServiceAsync("coder", "coder");
        Assert.Equal("LoadBalancer", service.Spec.Type);
        Assert.Single((await client.NetworkingV1.ListNamespacedIngressAsync("coder")).Items);
        Assert.Empty((await client.NetworkingV1.ListNamespacedNetworkPolicyAsync("coder")).Items);
        Assert.Empty((await client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync("coder")).Items);
    }

    [Fact]
    public async Task ApplyCoderManifestsTwiceChangesNothing()
    {
        await _fixture.DeployCoderAsync("dev");
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "dev");
        var before = await ResourceVersionsAsync(client);

        var applied = await new ActivityEnvironment().RunAsync(() => _activities.ApplyCoderManifestsAsync("dev"));

        Assert.Contains("Deployment/coder", applied.Objects);
        Assert.Equal(before, await ResourceVersionsAsync(client));
    }

    [Fact]
    public async Task ApplyCoderManifestsForProdIsRestrictedWithNetworkPolicyDisruptionBudgetAndOAuthSecret()
    {
        var applied = await new ActivityEnvironment().RunAsync(() => _activities.ApplyCoderManifestsAsync("prod"));
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "prod");

        Assert.Contains("NetworkPolicy/coder", applied.Objects);
        Assert.Contains("PodDisruptionBudget/coder", applied.Objects);
        Assert.Equal("restricted", (await client.CoreV1.ReadNamespaceAsync("coder")).Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        var oauth = await client.CoreV1.ReadNamespacedSecretAsync(CoderObjects.OAuthSecretName, "coder");
        Assert.Equal("example-org", Encoding.UTF8.GetString(oauth.Data["allowed-orgs"]));
        Assert.Equal(3, (await client.AppsV1.ReadNamespacedDeploymentAsync("coder", "coder")).Spec.Replicas);
    }

    [Fact]
    public async Task ApplyCoderManifestsWithALeftoverPlaceholderAppliesNothing()
    {
        var manifests = Path.Combine(_fixture.RepositoryRoot, "deploy", "coder", "serviceaccount.yaml");
        var original = await File.ReadAllTextAsync(manifests);
        await File.WriteAllTextAsync(manifests, original.Replace("name: coder\n", "name: coder\n  annotations:\n    owner: \"${UNKNOWN_OWNER}\"\n"));
        try
        {
            var before = _fixture.Sandbox.Runtime.GetRequestLog("k8s.apply").Count;

            var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => _activities.ApplyCoderManifestsAsync("dev")));

            Assert.Equal(ErrorTypes.InvalidConfiguration, error.ErrorType);
            Assert.Contains("${UNKNOWN_OWNER}", error.Message);
            Assert.Equal(before, _fixture.Sandbox.Runtime.GetRequestLog("k8s.apply").Count);
        }
        finally
        {
            await File.WriteAllTextAsync(manifests, original);
        }
    }

    [Fact]
    public async Task WaitForCoderRolloutReturnsTheLoadBalancerUrlWhereCoderAnswers()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");

        Assert.StartsWith("http://127.0.0.1:", endpoint.Url);
        Assert.Equal("https://coder-dev.example.com", endpoint.AccessUrl);
        Assert.Equal(1, endpoint.ReadyReplicas);
        Assert.True(await new CoderApiClient(endpoint.Url).IsHealthyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WaitForCoderRolloutHeartbeatsUntilCoderAnswersHealthy()
    {
        await _fixture.DeployCoderAsync("dev");
        var heartbeats = new List<object?>();
        var environment = new ActivityEnvironment { Heartbeater = details => heartbeats.AddRange(details) };
        _fixture.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.healthz.get", Status = 503, Message = "starting", Count = 2 });
        try
        {
            var endpoint = await environment.RunAsync(() => _activities.WaitForCoderRolloutAsync("dev"));

            Assert.Equal(1, endpoint.ReadyReplicas);
            Assert.True(heartbeats.Count >= 2);
            Assert.Contains(heartbeats, h => h?.ToString()?.Contains("1/1 replicas available", StringComparison.Ordinal) == true);
        }
        finally
        {
            _fixture.Sandbox.Runtime.ClearFault("coder.healthz.get");
        }
    }

    [Fact]
    public async Task ApplyCoderManifestsHeartbeatsEachAppliedObject()
    {
        await _fixture.DeployCoderAsync("dev");
        var heartbeats = new List<object?>();
        var environment = new ActivityEnvironment { Heartbeater = details => heartbeats.AddRange(details) };

        var applied = await environment.RunAsync(() => _activities.ApplyCoderManifestsAsync("dev"));

        Assert.Equal(applied.Objects.Count, heartbeats.Count);
    }

    [Fact]
    public async Task EnsureFirstAdminASecondTimeAdoptsTheAdminKeptInTheSecret()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var creations = _fixture.Sandbox.Runtime.GetRequestLog("coder.users.first.create").Count;

        var admin = await new ActivityEnvironment().RunAsync(() => _activities.EnsureFirstAdminAsync("dev", endpoint));

        Assert.False(admin.Created);
        Assert.Equal("coder-admin", admin.PasswordSecretName);
        Assert.Equal("admin", admin.UserName);
        Assert.Equal(creations, _fixture.Sandbox.Runtime.GetRequestLog("coder.users.first.create").Count);
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "dev");
        var secret = await client.CoreV1.ReadNamespacedSecretAsync("coder-admin", "coder");
        Assert.True(Encoding.UTF8.GetString(secret.Data["password"]).Length >= 32);
    }

    [Fact]
    public async Task EnsureFirstAdminTheFirstTimeCreatesTheAdmin()
    {
        await _fixture.DeployCoderAsync("dev");

        var admin = _fixture.FirstAdminOf("dev");

        Assert.True(admin.Created);
        Assert.Equal("admin@coder-dev.example.com", admin.Email);
    }

    [Fact]
    public async Task EnsureFirstAdminAdoptsWhenCoderAnswersConflictToTheCreation()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        _fixture.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.users.first.get", Status = 404, Message = "The initial user has not been created!", Count = 1 });
        try
        {
            var before = _fixture.Sandbox.Runtime.GetRequestLog("coder.users.first.create").Count;

            var admin = await new ActivityEnvironment().RunAsync(() => _activities.EnsureFirstAdminAsync("dev", endpoint));

            Assert.False(admin.Created);
            Assert.Equal(before + 1, _fixture.Sandbox.Runtime.GetRequestLog("coder.users.first.create").Count);
        }
        finally
        {
            _fixture.Sandbox.Runtime.ClearFault("coder.users.first.get");
        }
    }

    [Fact]
    public async Task EnsureFirstAdminRefusesAFirstUserItHasNoLoginFor()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "dev");
        var secret = await client.CoreV1.ReadNamespacedSecretAsync("coder-admin", "coder");
        await client.CoreV1.DeleteNamespacedSecretAsync("coder-admin", "coder");
        try
        {
            var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => _activities.EnsureFirstAdminAsync("dev", endpoint)));

            Assert.Equal(ErrorTypes.InvalidConfiguration, error.ErrorType);
            Assert.Contains("coder-admin", error.Message);
        }
        finally
        {
            await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "coder-admin" }, Data = secret.Data, Type = secret.Type }, "coder");
        }
    }

    [Fact]
    public async Task PushTemplateWhenCoderRejectsTheVersionFailsNonRetryableTemplateImportFailed()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        _fixture.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.templateversions.create", Status = 400, Message = "provisioner rejected the archive" });
        try
        {
            var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
                new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(("dev", endpoint.Url, "terraform-kubernetes"))));

            Assert.Equal(ErrorTypes.TemplateImportFailed, error.ErrorType);
            Assert.True(error.NonRetryable);
            Assert.Contains("provisioner rejected the archive", error.Message);
        }
        finally
        {
            _fixture.Sandbox.Runtime.ClearFault("coder.templateversions.create");
        }
    }

    [Fact]
    public async Task PushTemplateOfAnUnknownTemplateFailsListingTheKnownOnes()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(("dev", endpoint.Url, "cobol-mainframe"))));

        Assert.Equal(ErrorTypes.UnknownTemplate, error.ErrorType);
        Assert.Contains("java-spring", error.Message);
    }

    [Fact]
    public async Task ApplyCoderManifestsForStagingAddsTheNetworkPolicyUnderBaseline()
    {
        var applied = await new ActivityEnvironment().RunAsync(() => _activities.ApplyCoderManifestsAsync("staging"));
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "staging");

        Assert.Contains("NetworkPolicy/coder", applied.Objects);
        Assert.Equal("baseline", (await client.CoreV1.ReadNamespaceAsync("coder")).Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        var policy = await client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("coder", "coder");
        Assert.Contains(policy.Spec.Egress, rule => rule.To?.Any(peer => peer.IpBlock?.Cidr == "172.16.4.0/22") == true);
    }

    [Fact]
    public async Task WithoutADomainCoderIsServedAtItsLoadBalancerAddressAndGetsNoIngress()
    {
        var applied = await new ActivityEnvironment().RunAsync(() => _activities.ApplyCoderManifestsAsync("lab"));
        var endpoint = await new ActivityEnvironment().RunAsync(() => _activities.WaitForCoderRolloutAsync("lab"));
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "lab");

        Assert.DoesNotContain("Ingress/coder", applied.Objects);
        Assert.Equal(endpoint.Url, endpoint.AccessUrl);
        var container = (await client.AppsV1.ReadNamespacedDeploymentAsync("coder", "coder")).Spec.Template.Spec.Containers[0];
        var accessUrl = container.Env.Single(e => e.Name == "CODER_ACCESS_URL").Value;
        Assert.Matches(@"^http://\d+\.\d+\.\d+\.\d+(:\d+)?$", accessUrl);
        Assert.NotEqual("http://0.0.0.0", accessUrl);
    }

    [Fact]
    public async Task PushTemplateCreatesTheTemplateThenPromotesANewVersion()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var input = ("dev", endpoint.Url, "java-spring");
        var promotions = _fixture.Sandbox.Runtime.GetRequestLog("coder.templates.versions.update").Count;

        var first = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));
        await File.AppendAllTextAsync(Path.Combine(_fixture.RepositoryRoot, "templates", "backend", "java-spring", "main.tf"), "\n# revised by a test\n");
        var second = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));

        Assert.True(first.CreatedTemplate);
        Assert.False(second.CreatedTemplate);
        Assert.NotEqual(first.VersionId, second.VersionId);
        Assert.Equal(promotions + 1, _fixture.Sandbox.Runtime.GetRequestLog("coder.templates.versions.update").Count);
    }

    [Fact]
    public async Task PushingAnUnchangedTemplateAgainImportsNothing()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var input = ("dev", endpoint.Url, "react-typescript");
        var first = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));
        var imports = _fixture.Sandbox.Runtime.GetRequestLog("coder.templateversions.create").Count;

        var again = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));

        Assert.Equal(first.VersionId, again.VersionId);
        Assert.Equal(imports, _fixture.Sandbox.Runtime.GetRequestLog("coder.templateversions.create").Count);
    }

    [Fact]
    public async Task PushingAllTwentyOneTemplatesImportsThemAndARepushImportsNothing()
    {
        var endpoint = await _fixture.DeployCoderAsync("lab");
        var names = new TemplateCatalog(Path.Combine(_fixture.RepositoryRoot, "templates")).Resolve([TemplateCatalog.All]);
        var first = new List<TemplatePushed>();
        foreach (var name in names)
        {
            first.Add(await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(("lab", endpoint.Url, name))));
        }

        var imports = _fixture.Sandbox.Runtime.GetRequestLog("coder.templateversions.create").Count;
        var again = new List<TemplatePushed>();
        foreach (var name in names)
        {
            again.Add(await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(("lab", endpoint.Url, name))));
        }

        Assert.Equal(21, names.Count);
        Assert.Equal(first.Select(t => t.VersionId), again.Select(t => t.VersionId));
        Assert.Equal(imports, _fixture.Sandbox.Runtime.GetRequestLog("coder.templateversions.create").Count);
    }

    [Fact]
    public async Task AChangeToTheSharedModuleGivesTheTemplateANewVersion()
    {
        var endpoint = await _fixture.DeployCoderAsync("lab");
        var input = ("lab", endpoint.Url, "vue-nuxt");
        var moduleFile = Path.Combine(_fixture.RepositoryRoot, "templates", "modules", "kubernetes-workspace", "variables.tf");
        var original = await File.ReadAllTextAsync(moduleFile);
        var first = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));
        try
        {
            await File.AppendAllTextAsync(moduleFile, "\n# revised by a test\n");

            var second = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));

            Assert.NotEqual(first.VersionId, second.VersionId);
        }
        finally
        {
            await File.WriteAllTextAsync(moduleFile, original);
        }
    }

    [Fact]
    public async Task ATemplateBackToEarlierContentPromotesTheVersionImportedUnderItsDigestName()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var input = ("dev", endpoint.Url, "rust-actix");
        var mainTf = Path.Combine(_fixture.RepositoryRoot, "templates", "backend", "rust-actix", "main.tf");
        var original = await File.ReadAllTextAsync(mainTf);
        var first = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));
        TemplatePushed revised;
        try
        {
            await File.AppendAllTextAsync(mainTf, "\n# revised by a test\n");
            revised = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));
        }
        finally
        {
            await File.WriteAllTextAsync(mainTf, original);
        }

        var imports = _fixture.Sandbox.Runtime.GetRequestLog("coder.templateversions.create").Count;
        var promotions = _fixture.Sandbox.Runtime.GetRequestLog("coder.templates.versions.update").Count;

        var back = await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(input));

        Assert.NotEqual(first.VersionId, revised.VersionId);
        Assert.Equal(first.VersionId, back.VersionId);
        // The only import attempt is the one under the digest name, refused as existing; nothing is imported again.
        Assert.Equal(imports + 1, _fixture.Sandbox.Runtime.GetRequestLog("coder.templateversions.create").Count);
        Assert.Equal(promotions + 1, _fixture.Sandbox.Runtime.GetRequestLog("coder.templates.versions.update").Count);
    }

    [Fact]
    public async Task PushTemplateWhoseModuleIsMissingFailsWithTheTerraformInitError()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var folder = Path.Combine(_fixture.RepositoryRoot, "templates", "broken", "lost-module");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "main.tf"),
            "resource \"coder_agent\" \"main\" {\n  os = \"linux\"\n}\n\nmodule \"workspace\" {\n  source = \"./modules/no-such-module\"\n  agent  = coder_agent.main\n}\n");
        try
        {
            var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
                new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(("dev", endpoint.Url, "lost-module"))));

            Assert.Equal(ErrorTypes.TemplateImportFailed, error.ErrorType);
            Assert.Contains("Unreadable module directory", error.Message);
        }
        finally
        {
            Directory.Delete(Path.Combine(_fixture.RepositoryRoot, "templates", "broken"), recursive: true);
        }
    }

    [Fact]
    public async Task PushTemplateWithoutCoderAgentFailsNonRetryableWithTheImportError()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var folder = Path.Combine(_fixture.RepositoryRoot, "templates", "broken", "no-agent");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "main.tf"), "terraform {}\nresource \"null_resource\" \"nothing\" {}\n");
        try
        {
            var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
                new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(("dev", endpoint.Url, "no-agent"))));

            Assert.Equal(ErrorTypes.TemplateImportFailed, error.ErrorType);
            Assert.True(error.NonRetryable);
            Assert.Contains("coder_agent", error.Message);
        }
        finally
        {
            Directory.Delete(Path.Combine(_fixture.RepositoryRoot, "templates", "broken"), recursive: true);
        }
    }

    [Fact]
    public async Task PushTemplateWhenTheVersionCreationFailsTransientlyThrowsARetryableError()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        // A change of content, so the push really creates a version even if an earlier test pushed this template.
        await File.AppendAllTextAsync(Path.Combine(_fixture.RepositoryRoot, "templates", "frontend", "react-typescript", "main.tf"), $"\n# revision {Guid.NewGuid():N}\n");
        // One more 503 than the client retries in the call: the activity fails, retryable.
        _fixture.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.templateversions.create", Status = 503, Message = "provisioner unavailable", Count = TransientRetrySettings.Default.MaxRetryAttempts + 1 });
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() =>
                new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(("dev", endpoint.Url, "react-typescript"))));

            Assert.False(error is ApplicationFailureException { NonRetryable: true });
        }
        finally
        {
            _fixture.Sandbox.Runtime.ClearFault("coder.templateversions.create");
        }
    }

    [Fact]
    public async Task RecordCoderStateRecordsTheDigestOfTheSpecTheRunCarries()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var step = await _activities.StepAsync("dev");
        var carried = step with { Snapshot = step.Snapshot with { Digest = "sha256:carried-by-the-run" } };

        await new ActivityEnvironment().RunAsync(() => _activities.Of<CoderStateActivities>().RecordCoderStateAsync(new RecordCoderStateInput(carried, endpoint, [])));

        Assert.Equal("sha256:carried-by-the-run", (await _fixture.Services.State.ReadCoderAsync("dev"))!.Content.SpecDigest);
    }

    [Fact]
    public async Task RecordCoderStateWritesTheEndpointAndTemplates()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var pushed = new TemplatePushed("python-django-crewai", Guid.NewGuid().ToString(), true);

        var recorded = await new ActivityEnvironment().RunAsync(() => _activities.RecordCoderStateAsync("dev", endpoint, [pushed]));

        var state = await _fixture.Services.State.ReadCoderAsync("dev");
        Assert.NotNull(state);
        Assert.Equal(recorded.Version, state.Sequence);
        Assert.Equal("https://coder-dev.example.com", state.Content.AccessUrl);
        Assert.Equal("127.0.0.1", state.Content.LoadBalancer!.IpAddress);
        Assert.False(string.IsNullOrEmpty(state.Content.LoadBalancer.LoadBalancerId));
        Assert.Equal("python-django-crewai", Assert.Single(state.Content.Templates).Name);
    }

    [Fact]
    public async Task NoSecretAppearsInActivityOutputsOrLogs()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var outputs = new List<object>
        {
            endpoint,
            await new ActivityEnvironment().RunAsync(() => _activities.ReadInfraOutputsAsync("dev")),
            await new ActivityEnvironment().RunAsync(() => _activities.ApplyCoderManifestsAsync("dev")),
            await new ActivityEnvironment().RunAsync(() => _activities.EnsureFirstAdminAsync("dev", endpoint)),
            await new ActivityEnvironment().RunAsync(() => _activities.PushTemplateAsync(("dev", endpoint.Url, "python-django-crewai"))),
        };
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "dev");
        var adminPassword = Encoding.UTF8.GetString((await client.CoreV1.ReadNamespacedSecretAsync("coder-admin", "coder")).Data["password"]);
        var kubeconfig = (await _fixture.Services.Kubeconfigs.DownloadAsync("dev"))!;
        var token = kubeconfig.Split('\n').Single(l => l.Trim().StartsWith("token:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        var text = string.Join("\n", outputs.Select(SandboxPhase1Fixture.Describe)) + "\n" + string.Join("\n", _fixture.Logs.Lines);

        Assert.DoesNotContain(_fixture.DatabasePasswords["dev"], text);
        Assert.DoesNotContain(adminPassword, text);
        Assert.DoesNotContain(_fixture.Sandbox.SecretKey, text);
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain(SandboxPhase1Fixture.ProdClientSecret, text);
    }

    private static async Task<Dictionary<string, string>> ResourceVersionsAsync(IKubernetes client)
    {
        var versions = new Dictionary<string, string>
        {
            ["namespace"] = (await client.CoreV1.ReadNamespaceAsync("coder")).Metadata.ResourceVersion,
            ["db secret"] = (await client.CoreV1.ReadNamespacedSecretAsync(CoderObjects.DatabaseUrlSecretName, "coder")).Metadata.ResourceVersion,
            ["service account"] = (await client.CoreV1.ReadNamespacedServiceAccountAsync("coder", "coder")).Metadata.ResourceVersion,
            ["role"] = (await client.RbacAuthorizationV1.ReadNamespacedRoleAsync("coder-workspace-manager", "coder")).Metadata.ResourceVersion,
            ["role binding"] = (await client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("coder-workspace-manager", "coder")).Metadata.ResourceVersion,
            ["service"] = (await client.CoreV1.ReadNamespacedServiceAsync("coder", "coder")).Metadata.ResourceVersion,
            ["ingress"] = (await client.NetworkingV1.ReadNamespacedIngressAsync("coder", "coder")).Metadata.ResourceVersion,
        };
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("coder", "coder");
        versions["deployment generation"] = deployment.Metadata.Generation.ToString()!;
        return versions;
    }
}
