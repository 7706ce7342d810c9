using System.Text;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Sandbox.Coder;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Kubernetes;
using CoderBootstrap.Sandbox.Runtime;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Activities.Tests.Backup;

public sealed class KubernetesNamespaceExporterTests : IAsyncLifetime
{
    private const string Namespace = "coder";
    private const string DatabasePassword = "Db-Password-Never-Exported-8d1f";

    private readonly SandboxRuntime _runtime = new(NullStateStore.Instance);
    private KubernetesApiServer _server = null!;
    private CoderHosting _coder = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _coder = new CoderHosting(_runtime, NullLoggerFactory.Instance);
        _server = new KubernetesApiServer(_runtime, new NoLoadBalancers(), _coder, NullLoggerFactory.Instance);
        await _server.StartAsync(CancellationToken.None);
        const string token = "exporter-test-token";
        var url = _server.RegisterCluster("5a1d0c4e-0000-4000-8000-000000000001", "backup-tests", token, "1.31.2");
        _client = KubernetesClientFactory.FromKubeconfig($"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: {url}
                certificate-authority-data: {_server.CertificateAuthorityData}
            contexts:
            - name: admin
              context:
                cluster: sandbox
                user: admin
            current-context: admin
            users:
            - name: admin
              user:
                token: {token}
            """);
        await CreateCoderNamespaceAsync();
    }

    [Fact]
    public async Task SecretsAreExportedAsReferencesWithKeyNamesAndNeverTheirValues()
    {
        var export = await new KubernetesNamespaceExporter(_client).ExportAsync(Namespace, CancellationToken.None);

        Assert.DoesNotContain(DatabasePassword, export.Yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"postgres://coder:{DatabasePassword}@10.0.0.5:5432/coder")), export.Yaml, StringComparison.Ordinal);
        Assert.Contains("SecretReference/coder-db-url", export.Objects);
        Assert.Contains("valueSource: rdb-credentials:dev", export.Yaml, StringComparison.Ordinal);
        Assert.Contains("valueSource: kubernetes-secret:coder/coder-admin", export.Yaml, StringComparison.Ordinal);
        Assert.Contains("- url", export.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportHoldsTheNamespacesObjectsWithoutServerSetFields()
    {
        var export = await new KubernetesNamespaceExporter(_client).ExportAsync(Namespace, CancellationToken.None);

        foreach (var expected in new[] { "Namespace/coder", "ServiceAccount/coder", "ConfigMap/coder-settings", "Role/coder", "RoleBinding/coder", "Service/coder", "Deployment/coder" })
        {
            Assert.Contains(expected, export.Objects);
        }

        foreach (var serverSet in new[] { "resourceVersion:", "uid:", "managedFields:", "creationTimestamp:", "clusterIP:", "status:" })
        {
            Assert.DoesNotContain(serverSet, export.Yaml, StringComparison.Ordinal);
        }
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _coder.DisposeAsync();
    }

    private async Task CreateCoderNamespaceAsync()
    {
        var labels = new Dictionary<string, string> { ["app"] = "coder" };
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "coder" } }, Namespace);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "coder-settings" }, Data = new Dictionary<string, string> { ["replicas"] = "1" } }, Namespace);
        await _client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "coder" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get", "list"] }],
        }, Namespace);
        await _client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "coder" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "coder" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "coder", NamespaceProperty = Namespace }],
        }, Namespace);
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "coder" },
            Spec = new V1ServiceSpec { Selector = labels, Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }] },
        }, Namespace);
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "coder-db-url", Annotations = new Dictionary<string, string> { [KubernetesNamespaceExporter.ValueSourceAnnotation] = "rdb-credentials:dev" } },
            StringData = new Dictionary<string, string> { ["url"] = $"postgres://coder:{DatabasePassword}@10.0.0.5:5432/coder" },
        }, Namespace);
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "coder-admin" },
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes(DatabasePassword) },
        }, Namespace);
        await _client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "coder", Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = "coder",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "web",
                                Image = "nginx:1.27",
                                Env = [new V1EnvVar { Name = "DB_URL", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "coder-db-url", Key = "url" } } }],
                            },
                        ],
                    },
                },
            },
        }, Namespace);
    }

    private sealed class NoLoadBalancers : ISandboxLoadBalancers
    {
        public string EnsureForService(string clusterId, string serviceNamespace, string serviceName, string ipAddress) =>
            throw new InvalidOperationException("these tests create no LoadBalancer service");

        public void RemoveForService(string clusterId, string serviceNamespace, string serviceName)
        {
        }
    }
}
