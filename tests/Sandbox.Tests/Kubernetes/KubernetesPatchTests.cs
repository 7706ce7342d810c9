using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

public sealed class KubernetesPatchTests : IAsyncLifetime
{
    private KubernetesSandbox _sandbox = null!;

    private IKubernetes Client => _sandbox.Client;

    public async Task InitializeAsync() => _sandbox = await KubernetesSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task MergePatchSetsAndRemovesKeys()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cfg" }, Data = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" } },
            "default");

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"drop":null,"add":"3"}}""", V1Patch.PatchType.MergePatch), "cfg", "default");

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["add"] = "3" }, patched.Data);
    }

    [Fact]
    public async Task StrategicMergePatchMergesContainersByName()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "nginx:1.27", sidecar: true), "default");

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""", V1Patch.PatchType.StrategicMergePatch),
            "web",
            "default");

        var containers = patched.Spec.Template.Spec.Containers;
        Assert.Equal(2, containers.Count);
        Assert.Equal("nginx:1.28", containers.Single(container => container.Name == "web").Image);
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task JsonPatchAppliesOperationsInOrder()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "ops" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"add","path":"/data/b","value":"2"},{"op":"remove","path":"/data/a"}]""", V1Patch.PatchType.JsonPatch), "ops", "default");

        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, patched.Data);
    }

    [Fact]
    public async Task PatchingAMissingObjectAnswers404()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "absent", "default"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task ServerSideApplyCreatesAMissingObjectWithManagedFields()
    {
        var applied = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMapJson("applied", "value", "1"), V1Patch.PatchType.ApplyPatch), "applied", "default", fieldManager: "coder-bootstrap");

        Assert.Equal("1", applied.Data["value"]);
        var entry = Assert.Single(applied.Metadata.ManagedFields);
        Assert.Equal("coder-bootstrap", entry.Manager);
        Assert.Equal("Apply", entry.Operation);
    }

    [Fact]
    public async Task ServerSideApplyUpdatesAndRemovesFieldsTheManagerStoppedApplying()
    {
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},"data":{"a":"1","b":"2"}}""", V1Patch.PatchType.ApplyPatch),
            "cfg", "default", fieldManager: "coder-bootstrap");

        var updated = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},"data":{"a":"10"}}""", V1Patch.PatchType.ApplyPatch),
            "cfg", "default", fieldManager: "coder-bootstrap");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "10" }, updated.Data);
    }

    [Fact]
    public async Task ServerSideApplyOfTheSameConfigurationKeepsTheResourceVersion()
    {
        var body = new V1Patch(ConfigMapJson("same", "value", "1"), V1Patch.PatchType.ApplyPatch);
        var first = await Client.CoreV1.PatchNamespacedConfigMapAsync(body, "same", "default", fieldManager: "coder-bootstrap");
        var second = await Client.CoreV1.PatchNamespacedConfigMapAsync(body, "same", "default", fieldManager: "coder-bootstrap");

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ServerSideApplyByAnotherManagerChangingAnOwnedFieldConflicts()
    {
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMapJson("owned", "value", "1"), V1Patch.PatchType.ApplyPatch), "owned", "default", fieldManager: "first");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMapJson("owned", "value", "2"), V1Patch.PatchType.ApplyPatch), "owned", "default", fieldManager: "second"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal("FieldManagerConflict", cause.Reason);
        Assert.Equal(".data.value", cause.Field);
        Assert.Contains("conflict with \"first\"", status.Message);
    }

    [Fact]
    public async Task ForcedServerSideApplyTakesOwnershipOfConflictingFields()
    {
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMapJson("forced", "value", "1"), V1Patch.PatchType.ApplyPatch), "forced", "default", fieldManager: "first");

        var forced = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMapJson("forced", "value", "2"), V1Patch.PatchType.ApplyPatch), "forced", "default", fieldManager: "second", force: true);

        Assert.Equal("2", forced.Data["value"]);
        Assert.Equal(["second"], forced.Metadata.ManagedFields.Select(entry => entry.Manager));
    }

    [Fact]
    public async Task ServerSideApplyWithTheSameValueByAnotherManagerSharesOwnership()
    {
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMapJson("shared", "value", "1"), V1Patch.PatchType.ApplyPatch), "shared", "default", fieldManager: "first");

        var shared = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMapJson("shared", "value", "1"), V1Patch.PatchType.ApplyPatch), "shared", "default", fieldManager: "second");

        Assert.Equal(["first", "second"], shared.Metadata.ManagedFields.Select(entry => entry.Manager).Order());
    }

    [Fact]
    public async Task ServerSideApplyAcceptsYamlBodies()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{_sandbox.ClusterUrl}/api/v1/namespaces/default/configmaps/yaml?fieldManager=kubectl")
        {
            Content = new StringContent("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml\ndata:\n  port: \"8080\"\n"),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/apply-patch+yaml");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KubernetesSandbox.Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("8080", (await Client.CoreV1.ReadNamespacedConfigMapAsync("yaml", "default")).Data["port"]);
    }

    [Fact]
    public async Task ServerSideApplyWithoutFieldManagerIsRejected()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ConfigMapJson("nomanager", "a", "1"), V1Patch.PatchType.ApplyPatch), "nomanager", "default"));

        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
    }

    [Fact]
    public async Task ForcedServerSideApplyOfReplicasKeepsTheContainersAnotherManagerApplied()
    {
        var deployment = Workloads.Deployment("app", "nginx:1.27", sidecar: false);
        await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(KubernetesJson.Serialize(deployment), V1Patch.PatchType.ApplyPatch), "app", "default", fieldManager: "deployer");
        await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"app"},"spec":{"replicas":3}}""", V1Patch.PatchType.ApplyPatch),
            "app", "default", fieldManager: "scaler", force: true);

        var result = await Client.AppsV1.ReadNamespacedDeploymentAsync("app", "default");

        Assert.Equal(3, result.Spec.Replicas);
        Assert.Equal("nginx:1.27", Assert.Single(result.Spec.Template.Spec.Containers).Image);
    }

    private static string ConfigMapJson(string name, string key, string value) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"{{{key}}}":"{{{value}}}"}}""";
}
