using k8s;
using k8s.Models;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

public sealed class KubernetesVerbTests : IAsyncLifetime
{
    private KubernetesSandbox _sandbox = null!;

    private IKubernetes Client => _sandbox.Client;

    public async Task InitializeAsync() => _sandbox = await KubernetesSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task ReplacingTheMainResourceKeepsTheStatusAndTheStatusSubresourceChangesOnlyTheStatus()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "data" },
                Spec = new V1PersistentVolumeClaimSpec { StorageClassName = "missing", AccessModes = ["ReadWriteOnce"] },
            },
            "default");
        var claim = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default");

        claim.Status.Phase = "Lost";
        claim.Metadata.Labels = new Dictionary<string, string> { ["edited"] = "yes" };
        var replaced = await Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(claim, "data", "default");
        var phaseAfterReplace = replaced.Status.Phase;
        var labelAfterReplace = replaced.Metadata.Labels["edited"];
        replaced.Status.Phase = "Lost";
        replaced.Metadata.Labels["edited"] = "again";
        var statusReplaced = await Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimStatusAsync(replaced, "data", "default");

        Assert.Equal("Pending", phaseAfterReplace);
        Assert.Equal("yes", labelAfterReplace);
        Assert.Equal("Lost", statusReplaced.Status.Phase);
        Assert.Equal("yes", statusReplaced.Metadata.Labels["edited"]);
    }

    [Fact]
    public async Task DeleteCollectionRemovesOnlyTheSelectedObjects()
    {
        foreach (var (name, app) in new[] { ("a", "coder"), ("b", "coder"), ("c", "other") })
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } } }, "default");
        }

        await Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync("default", labelSelector: "app=coder");

        var remaining = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "app");
        Assert.Equal(["c"], remaining.Items.Select(item => item.Metadata.Name));
    }

    [Fact]
    public async Task DryRunCreateDoesNotStoreTheObject()
    {
        var answered = await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dry" } }, "default", dryRun: "All");

        var listed = await Client.CoreV1.ListNamespacedConfigMapAsync("default");

        Assert.Equal("dry", answered.Metadata.Name);
        Assert.DoesNotContain(listed.Items, item => item.Metadata.Name == "dry");
    }

    [Fact]
    public async Task GenerateNameCreatesAUniqueName()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "job-" } }, "default");

        Assert.StartsWith("job-", created.Metadata.Name);
        Assert.Equal(9, created.Metadata.Name.Length);
    }

    [Fact]
    public async Task FieldSelectorFiltersByName()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "one" } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "two" } }, "default");

        var listed = await Client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "metadata.name=two");

        Assert.Equal(["two"], listed.Items.Select(item => item.Metadata.Name));
    }

    [Fact]
    public async Task ListingAcrossNamespacesReturnsObjectsOfEveryNamespace()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "coder" } });
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "coder");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "default");

        var listed = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.name=x");

        Assert.Equal(["coder", "default"], listed.Items.Select(item => item.Metadata.NamespaceProperty));
    }

    [Fact]
    public async Task ServerSideApplyRemovesAContainerTheManagerNoLongerApplies()
    {
        var withSidecar = Workloads.Deployment("app", "nginx:1.27", sidecar: true);
        await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(KubernetesJson.Serialize(withSidecar), V1Patch.PatchType.ApplyPatch), "app", "default", fieldManager: "deployer");

        var withoutSidecar = Workloads.Deployment("app", "nginx:1.27", sidecar: false);
        var applied = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(KubernetesJson.Serialize(withoutSidecar), V1Patch.PatchType.ApplyPatch), "app", "default", fieldManager: "deployer");

        Assert.Equal(["app"], applied.Spec.Template.Spec.Containers.Select(container => container.Name));
        Assert.Equal(2, applied.Metadata.Generation);
    }

    [Fact]
    public async Task ServerSideApplyOfAnUnchangedDeploymentDoesNotStartANewGeneration()
    {
        var body = new V1Patch(KubernetesJson.Serialize(Workloads.Deployment("app", "nginx:1.27")), V1Patch.PatchType.ApplyPatch);
        await Client.AppsV1.PatchNamespacedDeploymentAsync(body, "app", "default", fieldManager: "deployer");

        var again = await Client.AppsV1.PatchNamespacedDeploymentAsync(body, "app", "default", fieldManager: "deployer");

        Assert.Equal(1, again.Metadata.Generation);
    }
}
