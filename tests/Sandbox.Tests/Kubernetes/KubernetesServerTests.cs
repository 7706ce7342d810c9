using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

public sealed class KubernetesServerTests
{
    [Fact]
    public async Task RequestsWithAWrongTokenAnswer401UnauthorizedStatus()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        using var client = KubernetesSandbox.CreateClient(sandbox.ClusterUrl, "wrong-token", sandbox.Server.CertificateAuthorityData);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Unauthorized", status.Reason);
        Assert.Equal(401, status.Code);
    }

    [Fact]
    public async Task RequestsWithoutATokenAnswer401()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{sandbox.ClusterUrl}/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnInjectedFaultSurfacesAsHttpOperationExceptionWithItsStatus()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        sandbox.Runtime.ArmFault("k8s.apply", 1, new SandboxFault(503, null, "etcd leader changed"));
        var body = new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"}}""", V1Patch.PatchType.ApplyPatch);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            sandbox.Client.CoreV1.PatchNamespacedConfigMapAsync(body, "cfg", "default", fieldManager: "coder-bootstrap"));
        var retried = await sandbox.Client.CoreV1.PatchNamespacedConfigMapAsync(body, "cfg", "default", fieldManager: "coder-bootstrap");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("ServiceUnavailable", status.Reason);
        Assert.Equal("etcd leader changed", status.Message);
        Assert.Equal("cfg", retried.Metadata.Name);
    }

    [Fact]
    public async Task AThrottlingFaultCarriesRetryAfter()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        sandbox.Runtime.ArmFault("k8s.list", 1, new SandboxFault(429, "TooManyRequests", "too many requests, please try again later"));
        using var http = AuthorizedHttpClient();

        using var response = await http.GetAsync($"{sandbox.ClusterUrl}/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("TooManyRequests", status["reason"]!.ToString());
        Assert.Equal(1, status["details"]!["retryAfterSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task ConcurrentWritersGetDistinctResourceVersions()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(index => index % 2 == 0
            ? sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"cm-{index}" } }, "default")
            : sandbox.Client.CoreV1.PatchNamespacedConfigMapAsync(
                new V1Patch($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-{{{index}}}"}}""", V1Patch.PatchType.ApplyPatch),
                $"cm-{index}", "default", fieldManager: "parallel")));

        Assert.Equal(40, created.Select(item => item.Metadata.ResourceVersion).Distinct().Count());
        Assert.Equal(40, (await sandbox.Client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.namespace=default")).Items.Count);
    }

    [Fact]
    public async Task OperationsAreReportedToTheRuntimeWithTheirMutationFlag()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();

        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cfg" } }, "default");
        await sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync("cfg", "default");
        await sandbox.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await sandbox.Client.CoreV1.DeleteNamespacedConfigMapAsync("cfg", "default");

        Assert.Equal(
            [("k8s.create", true), ("k8s.get", false), ("k8s.list", false), ("k8s.delete", true)],
            sandbox.Runtime.Calls.Where(call => call.Operation != "k8s.discovery").ToList());
    }

    [Fact]
    public async Task VersionReportsTheClusterKubernetesVersion()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();

        var version = await sandbox.Client.Version.GetCodeAsync();

        Assert.Equal("v1.31.2", version.GitVersion);
        Assert.Equal("31", version.Minor);
    }

    [Fact]
    public async Task DiscoveryListsTheServedGroupsAndResources()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();

        var groups = await sandbox.Client.Apis.GetAPIVersionsAsync();
        var apps = await sandbox.Client.AppsV1.GetAPIResourcesAsync();
        var core = await sandbox.Client.CoreV1.GetAPIResourcesAsync();

        Assert.Contains(groups.Groups, group => group.Name == "rbac.authorization.k8s.io");
        Assert.Contains(apps.Resources, resource => resource.Name == "deployments" && resource.Namespaced && resource.Kind == "Deployment");
        Assert.Contains(core.Resources, resource => resource.Name == "nodes" && !resource.Namespaced);
    }

    [Fact]
    public async Task AnUnknownResourcePathAnswers404Status()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        using var http = AuthorizedHttpClient();

        using var response = await http.GetAsync($"{sandbox.ClusterUrl}/apis/apps/v1/namespaces/default/widgets");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Status", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["kind"]!.ToString());
    }

    [Fact]
    public async Task MalformedJsonAnswers400BadRequest()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        using var http = AuthorizedHttpClient();

        using var response = await http.PostAsync(
            $"{sandbox.ClusterUrl}/api/v1/namespaces/default/configmaps",
            new StringContent("{\"metadata\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]!.ToString());
    }

    [Fact]
    public async Task AnUnsupportedPatchContentTypeAnswers415()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        using var http = AuthorizedHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{sandbox.ClusterUrl}/api/v1/namespaces/default/serviceaccounts/default")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"),
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task ClustersAreServedUnderTheirOwnPrefixAndToken()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        var otherUrl = sandbox.Server.RegisterCluster("other-cluster", "other", "other-token", "1.30.5");
        using var other = KubernetesSandbox.CreateClient(otherUrl, "other-token", sandbox.Server.CertificateAuthorityData);

        await other.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "only-here" } }, "default");

        Assert.Equal($"{sandbox.Server.SecureBaseUrl}/clusters/other-cluster", otherUrl);
        Assert.Empty((await other.CoreV1.ListNodeAsync()).Items);
        Assert.DoesNotContain((await sandbox.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items, item => item.Metadata.Name == "only-here");
        Assert.Equal("v1.30.5", (await other.Version.GetCodeAsync()).GitVersion);
    }

    [Fact]
    public async Task ObjectsSurviveARestartWithTheSameStateStore()
    {
        var state = new InMemoryStateStore();
        await using (var first = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state)))
        {
            await first.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "coder" } });
            await first.Client.CoreV1.CreateNamespacedSecretAsync(
                new V1Secret { Metadata = new V1ObjectMeta { Name = "db" }, StringData = new Dictionary<string, string> { ["url"] = "postgres://x" } }, "coder");
        }

        await using var second = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state), withNodes: false);

        var secret = await second.Client.CoreV1.ReadNamespacedSecretAsync("db", "coder");
        Assert.Equal("postgres://x", System.Text.Encoding.UTF8.GetString(secret.Data["url"]));
        Assert.Equal(2, (await second.Client.CoreV1.ListNodeAsync()).Items.Count);
    }

    [Fact]
    public async Task ThePersistedStateDoesNotHoldTheBearerToken()
    {
        var state = new InMemoryStateStore();
        await using var sandbox = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state));
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var documents = state.AllDocuments();

        Assert.NotEmpty(documents);
        Assert.All(documents, document => Assert.DoesNotContain(KubernetesSandbox.Token, document));
    }

    [Fact]
    public async Task ARemovedClusterIsNotRestoredAfterARestart()
    {
        var state = new InMemoryStateStore();
        await using (var first = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state)))
        {
            await first.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "old" } }, "default");
            first.Server.RemoveCluster(KubernetesSandbox.ClusterId);
        }

        await using var second = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state), withNodes: false);

        Assert.DoesNotContain((await second.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items, item => item.Metadata.Name == "old");
        Assert.Empty((await second.Client.CoreV1.ListNodeAsync()).Items);
    }

    [Fact]
    public async Task ResourceVersionsKeepIncreasingAfterARestart()
    {
        var state = new InMemoryStateStore();
        string before;
        await using (var first = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state)))
        {
            before = (await first.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default")).Metadata.ResourceVersion;
        }

        await using var second = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state), withNodes: false);
        var after = (await second.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b" } }, "default")).Metadata.ResourceVersion;

        Assert.True(long.Parse(after) > long.Parse(before));
    }

    [Fact]
    public async Task ACoderDeploymentAvailableBeforeARestartIsRepublishedAfterIt()
    {
        var state = new InMemoryStateStore();
        await using (var first = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state)))
        {
            await first.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("coder", "ghcr.io/coder/coder:v2.18.0"), "default");
            await first.Client.CoreV1.CreateNamespacedServiceAsync(Workloads.LoadBalancerService("coder", "coder"), "default");
            await KubernetesSandbox.EventuallyAsync(
                async () => (await first.Client.CoreV1.ReadNamespacedServiceAsync("coder", "default")).Status.LoadBalancer.Ingress?.Count == 1, "ingress");
        }

        var freshCoder = new RecordingCoderHosting();
        await using var second = await KubernetesSandbox.StartAsync(new FakeSandboxRuntime(state: state), withNodes: false, coder: freshCoder);

        await KubernetesSandbox.EventuallyAsync(() => Task.FromResult(freshCoder.PortByCluster.ContainsKey(KubernetesSandbox.ClusterId)), "coder server restarted");
        Assert.Contains(freshCoder.Availability, change => change.Available);
    }

    [Fact]
    public async Task ARemovedClusterIsNoLongerServedAndStartsEmptyWhenRegisteredAgain()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "gone" } }, "default");

        sandbox.Server.RemoveCluster(KubernetesSandbox.ClusterId);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => sandbox.Client.CoreV1.ListNamespaceAsync());
        sandbox.Server.RegisterCluster(KubernetesSandbox.ClusterId, "again", KubernetesSandbox.Token, "1.31.2");

        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
        Assert.DoesNotContain((await sandbox.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items, item => item.Metadata.Name == "gone");
    }

    [Fact]
    public async Task WatchStreamsExistingObjectsAndLaterChanges()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        await sandbox.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" } }, "default");
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(WatchEventType, string)>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in sandbox.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", cancellationToken: cancel.Token))
            {
                seen.Enqueue((type, item.Metadata.Name));
                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        });
        await KubernetesSandbox.EventuallyAsync(() => Task.FromResult(seen.Count > 0), "initial event");
        await sandbox.Client.CoreV1.DeleteNamespacedConfigMapAsync("first", "default");
        await watching;

        Assert.Equal([(WatchEventType.Added, "first"), (WatchEventType.Deleted, "first")], seen.ToList());
    }

    [Fact]
    public async Task TheHttpsListenerServesTheSameClusterWithItsCertificateAsAuthority()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync();
        using var secure = KubernetesSandbox.CreateClient(
            $"{sandbox.Server.SecureBaseUrl}/clusters/{KubernetesSandbox.ClusterId}", KubernetesSandbox.Token, sandbox.Server.CertificateAuthorityData);

        var nodes = await secure.CoreV1.ListNodeAsync();

        Assert.StartsWith("https://127.0.0.1:", sandbox.Server.SecureBaseUrl);
        Assert.Equal(2, nodes.Items.Count);
    }

    [Fact]
    public async Task StartingTheServerTwiceIsRejected()
    {
        await using var server = new KubernetesApiServer(new FakeSandboxRuntime(), new RecordingLoadBalancers(), new RecordingCoderHosting(), NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(CancellationToken.None));
    }

    private static HttpClient AuthorizedHttpClient()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KubernetesSandbox.Token);
        return http;
    }
}
