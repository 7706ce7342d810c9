using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

public sealed class KubernetesWorkloadTests : IAsyncLifetime
{
    private KubernetesSandbox _sandbox = null!;

    private IKubernetes Client => _sandbox.Client;

    public async Task InitializeAsync() => _sandbox = await KubernetesSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task DeploymentStartsUnavailableAndBecomesAvailableAfterTheScaledDelay()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "nginx:1.27", replicas: 2), "default");

        var progressing = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(1, progressing.Status.ObservedGeneration);
        Assert.Equal("False", progressing.Status.Conditions.Single(condition => condition.Type == "Available").Status);
        Assert.Null(progressing.Status.AvailableReplicas);

        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.AvailableReplicas == 2,
            "deployment available");
        var available = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(2, available.Status.ReadyReplicas);
        Assert.Equal(2, available.Status.UpdatedReplicas);
        Assert.Equal("MinimumReplicasAvailable", available.Status.Conditions.Single(condition => condition.Type == "Available").Reason);
        Assert.Equal("NewReplicaSetAvailable", available.Status.Conditions.Single(condition => condition.Type == "Progressing").Reason);
    }

    [Fact]
    public async Task DeploymentPodsRunOnNodesOnceAvailable()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "nginx:1.27", replicas: 2), "default");
        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.AvailableReplicas == 2,
            "deployment available");

        var pods = await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web");

        Assert.Equal(2, pods.Items.Count);
        Assert.All(pods.Items, pod =>
        {
            Assert.Equal("Running", pod.Status.Phase);
            Assert.StartsWith("scw-sandbox-default-", pod.Spec.NodeName);
            Assert.True(pod.Status.ContainerStatuses.Single().Ready);
        });
    }

    [Fact]
    public async Task DeploymentStaysUnavailableWithoutNodesAndRollsOutWhenNodesAppear()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync(withNodes: false);
        await sandbox.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "nginx:1.27"), "default");
        await KubernetesSandbox.EventuallyAsync(
            async () => (await sandbox.Client.CoreV1.ListNamespacedPodAsync("default")).Items
                .Any(pod => pod.Status.Conditions?.Any(condition => condition.Reason == "Unschedulable") == true),
            "pod unschedulable");
        Assert.Null((await sandbox.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.AvailableReplicas);

        sandbox.Server.SetNodes(KubernetesSandbox.ClusterId, [new SandboxNodeBuilder("scw-late-node", "default").Build()]);

        await KubernetesSandbox.EventuallyAsync(
            async () => (await sandbox.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.AvailableReplicas == 1,
            "deployment available after nodes appeared");
    }

    [Fact]
    public async Task ADeploymentThatCannotScheduleReportsProgressDeadlineExceeded()
    {
        await using var sandbox = await KubernetesSandbox.StartAsync(withNodes: false);
        var deployment = Workloads.Deployment("web", "nginx:1.27");
        deployment.Spec.ProgressDeadlineSeconds = 60;

        await sandbox.Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default");

        await KubernetesSandbox.EventuallyAsync(
            async () => (await sandbox.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.Conditions
                .Any(condition => condition.Type == "Progressing" && condition.Status == "False" && condition.Reason == "ProgressDeadlineExceeded"),
            "progress deadline exceeded");
    }

    [Fact]
    public async Task ChangingThePodTemplateStartsANewRolloutWithNewPods()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "nginx:1.27"), "default");
        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.AvailableReplicas == 1, "first rollout");
        var firstPod = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web")).Items.Single().Metadata.Name;

        await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""", V1Patch.PatchType.StrategicMergePatch),
            "web", "default");
        await KubernetesSandbox.EventuallyAsync(
            async () =>
            {
                var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
                return deployment.Status.ObservedGeneration == 2 && deployment.Status.Conditions.Any(condition => condition.Reason == "NewReplicaSetAvailable");
            },
            "second rollout");

        var pod = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web")).Items.Single();
        Assert.NotEqual(firstPod, pod.Metadata.Name);
        Assert.Equal("nginx:1.28", pod.Spec.Containers.Single().Image);
    }

    [Fact]
    public async Task DeletingADeploymentRemovesItsPods()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "nginx:1.27"), "default");
        Assert.NotEmpty((await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web")).Items);

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default");

        Assert.Empty((await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web")).Items);
        Assert.Empty((await Client.AppsV1.ListNamespacedReplicaSetAsync("default")).Items);
    }

    [Fact]
    public async Task DeploymentWhoseSelectorDoesNotMatchItsTemplateIsInvalid()
    {
        var deployment = Workloads.Deployment("web", "nginx:1.27");
        deployment.Spec.Selector.MatchLabels["app"] = "other";

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default"));

        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
        Assert.Equal("spec.template.metadata.labels", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Details.Causes.Single().Field);
    }

    [Fact]
    public async Task LoadBalancerServiceGetsAnIngressAndAScalewayLoadBalancer()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(Workloads.LoadBalancerService("web", "web"), "default");
        Assert.False(string.IsNullOrEmpty(created.Spec.ClusterIP));
        Assert.InRange(created.Spec.Ports.Single().NodePort ?? 0, 30000, 32767);

        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.CoreV1.ReadNamespacedServiceAsync("web", "default")).Status.LoadBalancer.Ingress?.Count == 1,
            "load balancer ingress");

        var service = await Client.CoreV1.ReadNamespacedServiceAsync("web", "default");
        var ip = service.Status.LoadBalancer.Ingress.Single().Ip;
        Assert.Equal(ip, _sandbox.LoadBalancers.AddressByService[$"{KubernetesSandbox.ClusterId}/default/web"]);
        Assert.Equal("fr-par-1/lb-web", service.Metadata.Annotations["service.beta.kubernetes.io/scw-loadbalancer-id"]);
    }

    [Fact]
    public async Task DeletingALoadBalancerServiceRemovesItsScalewayLoadBalancer()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(Workloads.LoadBalancerService("web", "web"), "default");
        await KubernetesSandbox.EventuallyAsync(
            () => Task.FromResult(_sandbox.LoadBalancers.AddressByService.ContainsKey($"{KubernetesSandbox.ClusterId}/default/web")), "load balancer");

        await Client.CoreV1.DeleteNamespacedServiceAsync("web", "default");

        Assert.Contains($"{KubernetesSandbox.ClusterId}/default/web", _sandbox.LoadBalancers.Removed);
        Assert.Empty(_sandbox.LoadBalancers.AddressByService);
    }

    [Fact]
    public async Task CoderServiceIsPublishedOnTheCoderServerPortAndTheBackendGetsTheResolvedEnvironment()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "coder" } });
        await Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "coder-db" }, Data = new Dictionary<string, byte[]> { ["url"] = Encoding.UTF8.GetBytes("postgres://coder@db/coder") } },
            "coder");
        var env = new List<V1EnvVar>
        {
            new() { Name = "CODER_ACCESS_URL", Value = "http://coder.example.com" },
            new() { Name = "CODER_PG_CONNECTION_URL", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "coder-db", Key = "url" } } },
        };
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("coder", "ghcr.io/coder/coder:v2.18.0", env: env), "coder");
        await Client.CoreV1.CreateNamespacedServiceAsync(Workloads.LoadBalancerService("coder", "coder"), "coder");

        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.CoreV1.ReadNamespacedServiceAsync("coder", "coder")).Status.LoadBalancer.Ingress?.Count == 1,
            "coder ingress");
        await KubernetesSandbox.EventuallyAsync(() => Task.FromResult(_sandbox.Coder.Availability.Any(change => change.Available)), "coder backend available");

        var ingress = (await Client.CoreV1.ReadNamespacedServiceAsync("coder", "coder")).Status.LoadBalancer.Ingress.Single();
        Assert.Equal("127.0.0.1", ingress.Ip);
        Assert.Equal(_sandbox.Coder.PortByCluster[KubernetesSandbox.ClusterId], ingress.Ports.Single().Port);
        var availability = _sandbox.Coder.Availability.First(change => change.Available);
        Assert.Equal(KubernetesSandbox.ClusterId, availability.ClusterId);
        Assert.Equal("postgres://coder@db/coder", availability.Environment["CODER_PG_CONNECTION_URL"]);
        Assert.Equal("http://coder.example.com", availability.Environment["CODER_ACCESS_URL"]);
    }

    [Fact]
    public async Task DeletingTheCoderDeploymentMarksTheBackendUnavailable()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("coder", "ghcr.io/coder/coder:v2.18.0"), "default");
        await KubernetesSandbox.EventuallyAsync(() => Task.FromResult(_sandbox.Coder.Availability.Any(change => change.Available)), "coder backend available");

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("coder", "default");

        Assert.False(_sandbox.Coder.Availability.Last().Available);
    }

    [Fact]
    public async Task ScalingTheCoderDeploymentToZeroMarksTheBackendUnavailable()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("coder", "ghcr.io/coder/coder:v2.18.0"), "default");
        await KubernetesSandbox.EventuallyAsync(() => Task.FromResult(_sandbox.Coder.Availability.Any(change => change.Available)), "coder backend available");

        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":0}}""", V1Patch.PatchType.MergePatch), "coder", "default");

        await KubernetesSandbox.EventuallyAsync(() => Task.FromResult(!_sandbox.Coder.Availability.Last().Available), "coder backend unavailable");
    }

    [Fact]
    public async Task ChangingALoadBalancerServiceToClusterIpRemovesItsLoadBalancerAndIngress()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(Workloads.LoadBalancerService("web", "web"), "default");
        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.CoreV1.ReadNamespacedServiceAsync("web", "default")).Status.LoadBalancer.Ingress?.Count == 1, "ingress");

        await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("""{"spec":{"type":"ClusterIP"}}""", V1Patch.PatchType.MergePatch), "web", "default");

        var service = await Client.CoreV1.ReadNamespacedServiceAsync("web", "default");
        Assert.Null(service.Status.LoadBalancer.Ingress);
        Assert.Null(service.Spec.Ports.Single().NodePort);
        Assert.Contains($"{KubernetesSandbox.ClusterId}/default/web", _sandbox.LoadBalancers.Removed);
    }

    [Fact]
    public async Task ServiceCreatedBeforeTheCoderDeploymentIsRepublishedForCoder()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(Workloads.LoadBalancerService("coder", "coder"), "default");
        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.CoreV1.ReadNamespacedServiceAsync("coder", "default")).Status.LoadBalancer.Ingress?.Count == 1, "plain ingress");

        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("coder", "ghcr.io/coder/coder:v2.18.0"), "default");

        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.CoreV1.ReadNamespacedServiceAsync("coder", "default")).Status.LoadBalancer.Ingress.Single().Ip == "127.0.0.1",
            "coder ingress");
    }

    [Fact]
    public async Task ClaimWithAnExistingStorageClassIsBoundToANewVolume()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", storageClass: null), "default");

        var claim = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default");

        Assert.Equal("Bound", claim.Status.Phase);
        Assert.Equal("sbs-default", claim.Spec.StorageClassName);
        var volume = await Client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName);
        Assert.Equal("data", volume.Spec.ClaimRef.Name);
        Assert.Equal("csi.scaleway.com", volume.Spec.Csi.Driver);
    }

    [Fact]
    public async Task ClaimWithoutAnyDefaultStorageClassStaysPending()
    {
        await Client.StorageV1.DeleteStorageClassAsync("sbs-default");

        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", storageClass: null), "default");

        var claim = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default");
        Assert.Equal("Pending", claim.Status.Phase);
        Assert.Null(claim.Spec.VolumeName);
    }

    [Fact]
    public async Task ClaimNamingAMissingStorageClassStaysPendingUntilTheClassIsCreated()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", storageClass: "fast"), "default");
        Assert.Equal("Pending", (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default")).Status.Phase);

        await Client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = "fast" }, Provisioner = "csi.scaleway.com" });

        Assert.Equal("Bound", (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default")).Status.Phase);
    }

    [Fact]
    public async Task AStandalonePodRunsOnANodeAfterTheScaledDelay()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("probe", claimName: null), "default");

        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.CoreV1.ReadNamespacedPodAsync("probe", "default")).Status.Phase == "Running", "pod running");

        var pod = await Client.CoreV1.ReadNamespacedPodAsync("probe", "default");
        Assert.StartsWith("scw-sandbox-default-", pod.Spec.NodeName);
        Assert.False(string.IsNullOrEmpty(pod.Status.PodIP));
    }

    [Fact]
    public async Task APodMountingAPendingClaimWaitsUntilTheClaimIsBound()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", storageClass: "fast"), "default");
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("validator", claimName: "data"), "default");
        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.CoreV1.ReadNamespacedPodAsync("validator", "default")).Status.Conditions?
                .Any(condition => condition.Reason == "Unschedulable" && condition.Message.Contains("unbound")) == true,
            "pod unschedulable on the unbound claim");

        await Client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = "fast" }, Provisioner = "csi.scaleway.com" });

        await KubernetesSandbox.EventuallyAsync(
            async () => (await Client.CoreV1.ReadNamespacedPodAsync("validator", "default")).Status.Phase == "Running", "pod running once bound");
    }

    [Fact]
    public async Task DeletingANamespaceRemovesItsContentAndItsLoadBalancers()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "coder" } });
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cfg" } }, "coder");
        await Client.CoreV1.CreateNamespacedServiceAsync(Workloads.LoadBalancerService("web", "web"), "coder");

        var deleted = await Client.CoreV1.DeleteNamespaceAsync("coder");

        Assert.Equal("Terminating", deleted.ObjectView<V1Namespace>().Status.Phase);
        await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespaceAsync("coder"));
        Assert.DoesNotContain((await Client.CoreV1.ListConfigMapForAllNamespacesAsync()).Items, item => item.Metadata.NamespaceProperty == "coder");
        Assert.Contains($"{KubernetesSandbox.ClusterId}/coder/web", _sandbox.LoadBalancers.Removed);
    }

    [Fact]
    public async Task TheDefaultNamespaceCannotBeDeleted()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.DeleteNamespaceAsync("default"));

        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
    }

    private static V1Pod Pod(string name, string? claimName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "main", Image = "busybox:1.36", Command = ["sleep", "3600"] }],
            Volumes = claimName is null ? null : [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claimName } }],
        },
    };

    private static V1PersistentVolumeClaim Claim(string name, string? storageClass) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") } },
        },
    };
}
