using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Tests.Content;

public sealed class CoderManifestTests
{
    public static TheoryData<string> ManifestFiles() => new(CoderManifests.FileNames());

    [Theory]
    [InlineData("namespace.yaml", "Namespace")]
    [InlineData("serviceaccount.yaml", "ServiceAccount")]
    [InlineData("role.yaml", "Role")]
    [InlineData("rolebinding.yaml", "RoleBinding")]
    [InlineData("deployment.yaml", "Deployment")]
    [InlineData("service.yaml", "Service")]
    [InlineData("ingress.yaml", "Ingress")]
    [InlineData("networkpolicy.yaml", "NetworkPolicy")]
    public void Manifest_folder_holds_each_object_phase_two_applies(string fileName, string kind)
    {
        Assert.Contains(fileName, CoderManifests.FileNames());
        Assert.Equal(kind, CoderManifests.Load(fileName).Scalar("kind"));
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Manifest_parses_as_yaml_objects_with_api_version_kind_and_name(string fileName)
    {
        var documents = YamlFile.LoadMappings(Path.Combine(CoderManifests.Directory, fileName));

        Assert.NotEmpty(documents);
        Assert.All(documents, document =>
        {
            Assert.False(string.IsNullOrWhiteSpace(document.Scalar("apiVersion")), $"{fileName}: apiVersion missing");
            Assert.False(string.IsNullOrWhiteSpace(document.Scalar("kind")), $"{fileName}: kind missing");
            Assert.False(string.IsNullOrWhiteSpace(document.Mapping("metadata")?.Scalar("name")), $"{fileName}: metadata.name missing");
        });
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Manifest_uses_only_upper_case_placeholders_documented_in_the_readme(string fileName)
    {
        var documented = CoderManifests.DocumentedPlaceholders();

        foreach (var name in CoderManifests.PlaceholdersIn(CoderManifests.Text(fileName)))
        {
            Assert.Matches("^[A-Z][A-Z0-9_]*$", name);
            Assert.True(documented.ContainsKey(name), $"{fileName} uses ${{{name}}}, which deploy/coder/README.md does not document");
        }
    }

    [Fact]
    public void Readme_documents_no_placeholder_that_no_manifest_uses()
    {
        var used = CoderManifests.FileNames()
            .SelectMany(fileName => CoderManifests.PlaceholdersIn(CoderManifests.Text(fileName)))
            .ToHashSet();

        var documented = CoderManifests.DocumentedPlaceholders();

        Assert.NotEmpty(documented);
        var unused = documented.Keys.Where(name => !used.Contains(name)).ToList();
        Assert.True(unused.Count == 0, $"documented but used by no manifest: {string.Join(", ", unused)}");
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Manifest_with_the_readme_examples_substituted_has_no_placeholder_left_and_still_parses(string fileName)
    {
        var text = CoderManifests.Substitute(CoderManifests.Text(fileName), CoderManifests.DocumentedPlaceholders());

        Assert.DoesNotContain("${", text);
        var original = CoderManifests.Load(fileName);
        var substituted = Assert.Single(YamlFile.LoadMappings(text, fileName));
        Assert.Equal(original.Scalar("kind"), substituted.Scalar("kind"));
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Manifest_with_the_readme_examples_substituted_maps_strictly_onto_the_kubernetes_client_models(string fileName)
    {
        var text = CoderManifests.Substitute(CoderManifests.Text(fileName), CoderManifests.DocumentedPlaceholders());

        // Strict loading fails on any field the Kubernetes model of the kind does not have.
        var objects = k8s.KubernetesYaml.LoadAllFromString(text, typeMap: null, strict: true);

        var model = Assert.IsAssignableFrom<k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>>(Assert.Single(objects));
        Assert.Equal(CoderManifests.Load(fileName).Scalar("kind"), model.Kind);
        Assert.False(string.IsNullOrEmpty(model.Metadata.Name));
    }

    [Fact]
    public void Namespaced_objects_live_in_the_namespace_placeholder()
    {
        foreach (var fileName in CoderManifests.FileNames())
        {
            var manifest = CoderManifests.Load(fileName);
            var metadata = manifest.Mapping("metadata");
            Assert.NotNull(metadata);
            if (manifest.Scalar("kind") == "Namespace")
            {
                Assert.Equal("${NAMESPACE}", metadata.Scalar("name"));
            }
            else
            {
                Assert.True(metadata.Scalar("namespace") == "${NAMESPACE}", $"{fileName} is not placed in ${{NAMESPACE}}");
            }
        }
    }

    [Fact]
    public void Namespace_enforces_the_pod_security_level_placeholder()
    {
        var labels = CoderManifests.Load("namespace.yaml").MappingAt("metadata", "labels");

        Assert.NotNull(labels);
        Assert.Equal("${POD_SECURITY_LEVEL}", labels.Scalar("pod-security.kubernetes.io/enforce"));
    }

    [Fact]
    public void Role_lets_coder_manage_workspace_pods_volumes_deployments_and_secrets()
    {
        var rules = CoderManifests.Load("role.yaml").Sequence("rules").Mappings().ToList();

        foreach (var (group, resource) in new[] { ("", "pods"), ("", "persistentvolumeclaims"), ("", "secrets"), ("apps", "deployments") })
        {
            var verbs = rules
                .Where(rule => rule.Sequence("apiGroups").Scalars().Contains(group) && rule.Sequence("resources").Scalars().Contains(resource))
                .SelectMany(rule => rule.Sequence("verbs").Scalars())
                .ToHashSet();
            Assert.Superset(new HashSet<string> { "create", "delete", "get", "list", "watch", "update", "patch" }, verbs);
        }
    }

    [Fact]
    public void RoleBinding_binds_the_role_to_the_coder_service_account()
    {
        var binding = CoderManifests.Load("rolebinding.yaml");
        var serviceAccount = CoderManifests.Load("serviceaccount.yaml");
        var role = CoderManifests.Load("role.yaml");

        Assert.Equal(role.Mapping("metadata")?.Scalar("name"), binding.Mapping("roleRef")?.Scalar("name"));
        var subject = Assert.Single(binding.Sequence("subjects").Mappings());
        Assert.Equal("ServiceAccount", subject.Scalar("kind"));
        Assert.Equal(serviceAccount.Mapping("metadata")?.Scalar("name"), subject.Scalar("name"));
    }

    [Fact]
    public void Deployment_runs_the_coder_image_of_the_version_placeholder_on_port_8080()
    {
        var deployment = CoderManifests.Load("deployment.yaml");
        var container = CoderContainer(deployment);

        Assert.Equal("ghcr.io/coder/coder:${CODER_VERSION}", container.Scalar("image"));
        Assert.Contains(container.Sequence("ports").Mappings(), port => port.Scalar("containerPort") == "8080");
        Assert.Contains(container.Sequence("ports").Mappings(), port => port.Scalar("containerPort") == "2112");
        Assert.Equal("${CODER_REPLICAS}", deployment.Mapping("spec")?.Scalar("replicas"));
        Assert.Equal("coder", deployment.MappingAt("spec", "template", "spec")?.Scalar("serviceAccountName"));
    }

    [Fact]
    public void Deployment_configures_coder_through_environment_variables()
    {
        var environment = EnvironmentOf(CoderContainer(CoderManifests.Load("deployment.yaml")));

        Assert.Equal("0.0.0.0:8080", environment["CODER_HTTP_ADDRESS"].Scalar("value"));
        Assert.Equal("${CODER_ACCESS_URL}", environment["CODER_ACCESS_URL"].Scalar("value"));
        Assert.Equal("${CODER_WILDCARD_ACCESS_URL}", environment["CODER_WILDCARD_ACCESS_URL"].Scalar("value"));
        Assert.Equal("true", environment["CODER_PROMETHEUS_ENABLE"].Scalar("value"));
        Assert.EndsWith(":2112", environment["CODER_PROMETHEUS_ADDRESS"].Scalar("value"));
    }

    [Fact]
    public void Deployment_reads_the_database_url_from_the_coder_db_url_secret()
    {
        var environment = EnvironmentOf(CoderContainer(CoderManifests.Load("deployment.yaml")));

        var reference = environment["CODER_PG_CONNECTION_URL"].MappingAt("valueFrom", "secretKeyRef");

        Assert.NotNull(reference);
        Assert.Equal("coder-db-url", reference.Scalar("name"));
        Assert.Equal("url", reference.Scalar("key"));
        Assert.NotEqual("true", reference.Scalar("optional"));
        Assert.Null(environment["CODER_PG_CONNECTION_URL"].Child("value"));
    }

    [Fact]
    public void Deployment_reads_github_oauth_settings_from_an_optional_secret()
    {
        var environment = EnvironmentOf(CoderContainer(CoderManifests.Load("deployment.yaml")));
        var oauthVariables = environment.Where(pair => pair.Key.StartsWith("CODER_OAUTH2_GITHUB_", StringComparison.Ordinal)).ToList();

        Assert.Contains(oauthVariables, pair => pair.Key == "CODER_OAUTH2_GITHUB_CLIENT_ID");
        Assert.Contains(oauthVariables, pair => pair.Key == "CODER_OAUTH2_GITHUB_CLIENT_SECRET");
        Assert.Contains(oauthVariables, pair => pair.Key == "CODER_OAUTH2_GITHUB_ALLOWED_ORGS");
        Assert.DoesNotContain(oauthVariables, pair => pair.Key == "CODER_OAUTH2_GITHUB_ALLOW_EVERYONE");
        Assert.All(oauthVariables, pair =>
        {
            var reference = pair.Value.MappingAt("valueFrom", "secretKeyRef");
            Assert.True(reference is not null, $"{pair.Key} is not read from a secret");
            Assert.Equal("coder-github-oauth", reference.Scalar("name"));
            Assert.Equal("true", reference.Scalar("optional"));
        });
    }

    [Fact]
    public void Deployment_probes_healthz_and_sets_resources_from_placeholders()
    {
        var container = CoderContainer(CoderManifests.Load("deployment.yaml"));

        foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
        {
            var httpGet = container.MappingAt(probe, "httpGet");
            Assert.True(httpGet is not null, $"{probe} is not an HTTP probe");
            Assert.Equal("/healthz", httpGet.Scalar("path"));
        }

        Assert.Equal("${CODER_CPU_REQUEST}", container.MappingAt("resources", "requests")?.Scalar("cpu"));
        Assert.Equal("${CODER_MEMORY_REQUEST}", container.MappingAt("resources", "requests")?.Scalar("memory"));
        Assert.Equal("${CODER_CPU_LIMIT}", container.MappingAt("resources", "limits")?.Scalar("cpu"));
        Assert.Equal("${CODER_MEMORY_LIMIT}", container.MappingAt("resources", "limits")?.Scalar("memory"));
    }

    [Fact]
    public void Deployment_meets_the_restricted_pod_security_standard()
    {
        var deployment = CoderManifests.Load("deployment.yaml");
        var podSecurity = deployment.MappingAt("spec", "template", "spec", "securityContext");
        var containerSecurity = CoderContainer(deployment).Mapping("securityContext");

        Assert.NotNull(podSecurity);
        Assert.Equal("true", podSecurity.Scalar("runAsNonRoot"));
        Assert.Equal("RuntimeDefault", podSecurity.Mapping("seccompProfile")?.Scalar("type"));
        Assert.NotNull(containerSecurity);
        Assert.Equal("false", containerSecurity.Scalar("allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], containerSecurity.Mapping("capabilities")?.Sequence("drop").Scalars());
        Assert.NotEqual("true", containerSecurity.Scalar("privileged"));
    }

    [Fact]
    public void Deployment_substituted_with_the_examples_has_an_integer_replica_count()
    {
        var text = CoderManifests.Substitute(CoderManifests.Text("deployment.yaml"), CoderManifests.DocumentedPlaceholders());
        var deployment = Assert.Single(YamlFile.LoadMappings(text, "deployment.yaml"));

        var replicas = deployment.Mapping("spec")?.Child("replicas") as YamlScalarNode;

        Assert.NotNull(replicas);
        Assert.True(int.TryParse(replicas.Value, out _), $"replicas '{replicas.Value}' is not an integer");
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.DoubleQuoted, replicas.Style);
    }

    [Fact]
    public void Service_is_a_scaleway_load_balancer_from_port_80_to_the_coder_http_port()
    {
        var service = CoderManifests.Load("service.yaml");
        var deployment = CoderManifests.Load("deployment.yaml");

        Assert.Equal("LoadBalancer", service.Mapping("spec")?.Scalar("type"));
        var port = Assert.Single(service.Mapping("spec")?.Sequence("ports").Mappings() ?? []);
        Assert.Equal("80", port.Scalar("port"));
        var target = port.Scalar("targetPort");
        var containerPort = CoderContainer(deployment).Sequence("ports").Mappings()
            .Single(candidate => candidate.Scalar("name") == target || candidate.Scalar("containerPort") == target);
        Assert.Equal("8080", containerPort.Scalar("containerPort"));
        var annotations = service.MappingAt("metadata", "annotations");
        Assert.NotNull(annotations);
        Assert.Equal("${LOAD_BALANCER_TYPE}", annotations.Scalar("service.beta.kubernetes.io/scw-loadbalancer-type"));
        Assert.Equal(
            deployment.MappingAt("spec", "selector", "matchLabels")?.Children.Count,
            service.Mapping("spec")?.Mapping("selector")?.Children.Count);
    }

    [Fact]
    public void Ingress_serves_the_host_and_the_wildcard_host_with_the_tls_secret()
    {
        var spec = CoderManifests.Load("ingress.yaml").Mapping("spec");
        Assert.NotNull(spec);

        var hosts = spec.Sequence("rules").Mappings().Select(rule => rule.Scalar("host")).ToList();
        var tls = Assert.Single(spec.Sequence("tls").Mappings());

        Assert.Equal(["${CODER_HOST}", "${CODER_WILDCARD_HOST}"], hosts);
        Assert.Equal("${CODER_TLS_SECRET}", tls.Scalar("secretName"));
        Assert.Equal(hosts, tls.Sequence("hosts").Scalars());
    }

    [Fact]
    public void NetworkPolicy_allows_coder_http_in_and_dns_database_and_https_out()
    {
        var spec = CoderManifests.Load("networkpolicy.yaml").Mapping("spec");
        Assert.NotNull(spec);

        Assert.Equal(["Ingress", "Egress"], spec.Sequence("policyTypes").Scalars());
        Assert.Contains(spec.Sequence("ingress").Mappings(), rule => PortsOf(rule).Contains("8080"));
        var egress = spec.Sequence("egress").Mappings().ToList();
        Assert.Contains(egress, rule => PortsOf(rule).Contains("53"));
        Assert.Contains(egress, rule => PortsOf(rule).Contains("443"));
        Assert.Contains(egress, rule => rule.Sequence("to").Mappings()
            .Any(peer => peer.Mapping("ipBlock")?.Scalar("cidr") == "${DATABASE_CIDR}"));
    }

    [Fact]
    public void Readme_lists_the_secrets_the_product_writes_before_the_deployment()
    {
        var readme = File.ReadAllText(Path.Combine(CoderManifests.Directory, "README.md"));

        Assert.Contains("`coder-db-url`", readme);
        Assert.Contains("`coder-github-oauth`", readme);
        Assert.Matches(new Regex(@"server-side apply", RegexOptions.IgnoreCase), readme);
    }

    private static YamlMappingNode CoderContainer(YamlMappingNode deployment)
    {
        var containers = deployment.MappingAt("spec", "template", "spec")?.Sequence("containers").Mappings() ?? [];
        return Assert.Single(containers, container => container.Scalar("name") == "coder");
    }

    private static Dictionary<string, YamlMappingNode> EnvironmentOf(YamlMappingNode container) =>
        container.Sequence("env").Mappings().ToDictionary(variable => variable.Scalar("name") ?? "");

    private static HashSet<string> PortsOf(YamlMappingNode rule) =>
        rule.Sequence("ports").Mappings().Select(port => port.Scalar("port") ?? "").ToHashSet();
}
