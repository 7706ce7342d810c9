using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

public sealed class KubernetesCrudTests : IAsyncLifetime
{
    private KubernetesSandbox _sandbox = null!;

    private IKubernetes Client => _sandbox.Client;

    public async Task InitializeAsync() => _sandbox = await KubernetesSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task ConfigMapCanBeCreatedReadReplacedListedAndDeleted()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", Labels = new Dictionary<string, string> { ["app"] = "coder" } }, Data = new Dictionary<string, string> { ["a"] = "1" } },
            "default");
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);

        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        Assert.Equal("1", read.Data["a"]);

        read.Data["a"] = "2";
        var replaced = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", "default");
        Assert.Equal("2", replaced.Data["a"]);
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));

        var listed = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "app=coder");
        Assert.Equal("settings", Assert.Single(listed.Items).Metadata.Name);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task SecretStringDataIsStoredBase64EncodedAsData()
    {
        await Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "db" }, StringData = new Dictionary<string, string> { ["url"] = "postgres://x" } },
            "default");

        var secret = await Client.CoreV1.ReadNamespacedSecretAsync("db", "default");

        Assert.Equal("postgres://x", Encoding.UTF8.GetString(secret.Data["url"]));
        Assert.Equal("Opaque", secret.Type);
    }

    [Fact]
    public async Task CreatingAnExistingObjectAnswers409AlreadyExistsStatus()
    {
        var account = new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "coder" } };
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(account, "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedServiceAccountAsync(account, "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Failure", status.Status);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal(409, status.Code);
        Assert.Equal("serviceaccounts \"coder\" already exists", status.Message);
        Assert.Equal("coder", status.Details.Name);
        Assert.Equal("serviceaccounts", status.Details.Kind);
    }

    [Fact]
    public async Task ReadingAMissingDeploymentAnswers404NotFoundStatusWithGroup()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReadNamespacedDeploymentAsync("missing", "default"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Status", status.Kind);
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal("deployments.apps \"missing\" not found", status.Message);
        Assert.Equal("apps", status.Details.Group);
    }

    [Fact]
    public async Task ReplacingWithAStaleResourceVersionAnswers409Conflict()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "stale" } }, "default");
        created.Data = new Dictionary<string, string> { ["x"] = "1" };
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "stale", "default");

        created.Data["x"] = "2";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "stale", "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Conflict", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
    }

    [Fact]
    public async Task CreatingInAMissingNamespaceAnswers404ForTheNamespace()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "nowhere"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("namespaces \"nowhere\" not found", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message);
    }

    [Fact]
    public async Task AnInvalidNameAnswers422Invalid()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "Not_Valid" } }, "default"));

        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("metadata.name", Assert.Single(status.Details.Causes).Field);
    }

    [Fact]
    public async Task LabelSelectorsFilterWithEqualityAndSetRequirements()
    {
        foreach (var (name, tier) in new[] { ("a", "web"), ("b", "db"), ("c", "cache") })
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = tier } } }, "default");
        }

        var equality = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier=db");
        var set = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier in (web, cache)");
        var negated = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier,tier notin (web)");

        Assert.Equal(["b"], equality.Items.Select(item => item.Metadata.Name));
        Assert.Equal(["a", "c"], set.Items.Select(item => item.Metadata.Name));
        Assert.Equal(["b", "c"], negated.Items.Select(item => item.Metadata.Name));
    }

    [Fact]
    public async Task RbacObjectsRoundTrip()
    {
        await Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(
            new V1Role { Metadata = new V1ObjectMeta { Name = "coder" }, Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get", "list"] }] },
            "default");
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "coder" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "coder" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "coder", NamespaceProperty = "default" }],
            },
            "default");
        await Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "coder-admin" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
        });

        var role = await Client.RbacAuthorizationV1.ReadNamespacedRoleAsync("coder", "default");
        var binding = await Client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("coder", "default");
        var clusterBinding = await Client.RbacAuthorizationV1.ReadClusterRoleBindingAsync("coder-admin");
        var clusterAdmin = await Client.RbacAuthorizationV1.ReadClusterRoleAsync("cluster-admin");

        Assert.Equal(["get", "list"], Assert.Single(role.Rules).Verbs);
        Assert.Equal("coder", Assert.Single(binding.Subjects).Name);
        Assert.Equal("cluster-admin", clusterBinding.RoleRef.Name);
        Assert.NotEmpty(clusterAdmin.Rules);
    }

    [Fact]
    public async Task NetworkingAndPolicyObjectsRoundTrip()
    {
        await Client.NetworkingV1.CreateNamespacedIngressAsync(
            new V1Ingress
            {
                Metadata = new V1ObjectMeta { Name = "coder" },
                Spec = new V1IngressSpec { Rules = [new V1IngressRule { Host = "coder.example.com" }] },
            },
            "default");
        await Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(
            new V1NetworkPolicy { Metadata = new V1ObjectMeta { Name = "deny" }, Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector() } },
            "default");
        await Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(
            new V1PodDisruptionBudget
            {
                Metadata = new V1ObjectMeta { Name = "coder" },
                Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "coder" } } },
            },
            "default");

        Assert.Equal("coder.example.com", Assert.Single((await Client.NetworkingV1.ReadNamespacedIngressAsync("coder", "default")).Spec.Rules).Host);
        Assert.Equal(1, (await Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("deny", "default")).Metadata.Generation);
        Assert.Equal("1", (await Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("coder", "default")).Spec.MinAvailable.Value);
    }

    [Fact]
    public async Task NodesListOnePerPoolNodeAllReadyWithPoolLabels()
    {
        var nodes = await Client.CoreV1.ListNodeAsync();

        Assert.Equal(2, nodes.Items.Count);
        Assert.All(nodes.Items, node =>
        {
            Assert.Equal("default", node.Metadata.Labels["k8s.scaleway.com/pool-name"]);
            Assert.Equal("fr-par-1", node.Metadata.Labels["topology.kubernetes.io/zone"]);
            Assert.Equal("True", node.Status.Conditions.Single(condition => condition.Type == "Ready").Status);
            Assert.Equal("v1.31.2", node.Status.NodeInfo.KubeletVersion);
        });
    }

    [Fact]
    public async Task SetNodesReplacesTheNodeList()
    {
        _sandbox.Server.SetNodes(KubernetesSandbox.ClusterId, [new SandboxNodeBuilder("scw-sandbox-big-000001", "big").Build()]);

        var nodes = await Client.CoreV1.ListNodeAsync();

        Assert.Equal("scw-sandbox-big-000001", Assert.Single(nodes.Items).Metadata.Name);
    }

    [Fact]
    public async Task StorageClassesIncludeTheDefaultSbsClassAndCanBeDeleted()
    {
        var classes = await Client.StorageV1.ListStorageClassAsync();
        var defaultClass = classes.Items.Single(item => item.Metadata.Name == "sbs-default");

        Assert.Equal("true", defaultClass.Metadata.Annotations["storageclass.kubernetes.io/is-default-class"]);
        Assert.Equal("csi.scaleway.com", defaultClass.Provisioner);
        Assert.Equal("Retain", classes.Items.Single(item => item.Metadata.Name == "sbs-default-retain").ReclaimPolicy);

        await Client.StorageV1.DeleteStorageClassAsync("sbs-default");
        Assert.DoesNotContain((await Client.StorageV1.ListStorageClassAsync()).Items, item => item.Metadata.Name == "sbs-default");
    }

    [Fact]
    public async Task SystemNamespacesExistWithDefaultServiceAccounts()
    {
        var namespaces = (await Client.CoreV1.ListNamespaceAsync()).Items.Select(item => item.Metadata.Name).ToList();
        var account = await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", "kube-system");

        Assert.Contains("default", namespaces);
        Assert.Contains("kube-system", namespaces);
        Assert.Equal("default", account.Metadata.Name);
    }
}
