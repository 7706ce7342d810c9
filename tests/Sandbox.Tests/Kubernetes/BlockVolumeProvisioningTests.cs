using k8s;
using k8s.Models;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

public sealed class BlockVolumeProvisioningTests : IAsyncLifetime
{
    private readonly RecordingBlockVolumes _blockVolumes = new();
    private KubernetesSandbox _sandbox = null!;

    private IKubernetes Client => _sandbox.Client;

    public async Task InitializeAsync() => _sandbox = await KubernetesSandbox.StartAsync(blockVolumes: _blockVolumes);

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task ABoundClaimIsBackedByABlockVolumeNamedAfterItsPersistentVolumeWithTheClaimsSize()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", "sbs-default", "10Gi"), "default");

        var claim = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default");
        var volume = await Client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName);

        var provisioned = Assert.Single(_blockVolumes.Provisioned);
        Assert.Equal(volume.Spec.Csi.VolumeHandle, provisioned.Key);
        Assert.Equal((KubernetesSandbox.ClusterId, claim.Spec.VolumeName, 10L << 30), provisioned.Value);
    }

    [Fact]
    public async Task DeletingAClaimOfADeleteClassReleasesItsBlockVolume()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", "sbs-default", "1Gi"), "default");
        var handle = Assert.Single(_blockVolumes.Provisioned).Key;

        await Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("data", "default");

        Assert.Equal([handle], _blockVolumes.Released);
        Assert.Empty(_blockVolumes.Detached);
    }

    [Fact]
    public async Task DeletingAClaimOfARetainClassDetachesItsBlockVolumeAndKeepsIt()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", "sbs-default-retain", "1Gi"), "default");
        var handle = Assert.Single(_blockVolumes.Provisioned).Key;

        await Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("data", "default");

        Assert.Equal([handle], _blockVolumes.Detached);
        Assert.Empty(_blockVolumes.Released);
    }

    [Fact]
    public async Task AClaimOfAnotherProvisionerGetsNoBlockVolume()
    {
        await Client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = "local" }, Provisioner = "rancher.io/local-path" });

        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data", "local", "1Gi"), "default");

        Assert.Equal("Bound", (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default")).Status.Phase);
        Assert.Empty(_blockVolumes.Provisioned);
    }

    [Theory]
    [InlineData("10Gi", 10L << 30)]
    [InlineData("500M", 500_000_000L)]
    [InlineData("1.5Ti", 3L << 39)]
    [InlineData("2048", 2048L)]
    public void StorageQuantitiesAreReadAsBytes(string quantity, long bytes) =>
        Assert.Equal(bytes, CoderBootstrap.Sandbox.Kubernetes.VolumeClaimBinder.QuantityBytes(quantity));

    private static V1PersistentVolumeClaim Claim(string name, string storageClass, string size) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };
}
