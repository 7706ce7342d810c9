using System.Net;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.Teardown;
using k8s;
using k8s.Models;

namespace CoderBootstrap.Activities.Tests.Infra;

/// <summary>The teardown's Block Storage volumes on the sandbox: found through the cluster's persistent volumes, made sure gone.</summary>
public sealed class VolumeTeardownTests : IAsyncLifetime
{
    private InfraSandbox _sandbox = null!;

    private VolumeTeardownActivities Volumes => _sandbox.Activities.Of<VolumeTeardownActivities>();

    public async Task InitializeAsync() => _sandbox = await InfraSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task TheClustersVolumesAreTheBlockVolumesOfItsScalewayPersistentVolumesInEveryNamespace()
    {
        var (_, cluster) = await _sandbox.ReadyClusterAsync("dev");
        using var client = await ClusterConnector.ConnectAsync(_sandbox.Services, "dev", cluster.ClusterId, CancellationToken.None);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "data" } });
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("cache", "sbs-default"), "default");
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("archive", "sbs-default-retain"), "data");

        var handles = await _sandbox.RunAsync(a => a.Of<VolumeTeardownActivities>().ListClusterVolumesAsync(new TeardownTarget(a.Snapshot("dev"), cluster.ClusterId)));

        var volumes = await _sandbox.Services.Scaleway.Block.ListVolumesAsync();
        Assert.Equal(2, volumes.Count);
        Assert.Equal(volumes.Select(v => $"{v.Zone}/{v.Id}").Order(StringComparer.Ordinal), handles);
        Assert.All(volumes, v => Assert.StartsWith("pvc-", v.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGoneClusterHasNoVolumesToList()
    {
        var handles = await _sandbox.RunAsync(a => a.Of<VolumeTeardownActivities>().ListClusterVolumesAsync(
            new TeardownTarget(a.Snapshot("dev"), "00000000-0000-0000-0000-000000000000")));

        Assert.Empty(handles);
    }

    [Fact]
    public async Task AVolumeLeftBehindIsDeletedAndWaitedToNotFound()
    {
        var (_, cluster) = await _sandbox.ReadyClusterAsync("dev");
        var handle = _sandbox.Host.Scaleway.BlockVolumes.Provision(cluster.ClusterId, "pvc-left-behind", 5L << 30);
        _sandbox.Host.Scaleway.BlockVolumes.Detach(handle);

        var gone = await _sandbox.RunAsync(a => a.Of<VolumeTeardownActivities>().DeleteVolumeAsync(new TeardownTarget(a.Snapshot("dev"), handle)));

        Assert.Equal(new ResourceGone(VolumeTeardownActivities.BlockVolumeKind, handle, true, gone.Polls), gone);
        var error = await Assert.ThrowsAsync<ScalewayApiException>(() => _sandbox.Services.Scaleway.Block.GetVolumeAsync(handle.Split('/')[1], "fr-par-1"));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task AVolumeStillAttachedIsWaitedForInsteadOfRefused()
    {
        var (_, cluster) = await _sandbox.ReadyClusterAsync("dev");
        var handle = _sandbox.Host.Scaleway.BlockVolumes.Provision(cluster.ClusterId, "pvc-attached", 5L << 30);
        await UntilAsync(async () => (await _sandbox.Services.Scaleway.Block.GetVolumeAsync(handle.Split('/')[1], "fr-par-1")).Status == BlockVolume.InUse);

        var deleting = _sandbox.RunAsync(a => a.Of<VolumeTeardownActivities>().DeleteVolumeAsync(new TeardownTarget(a.Snapshot("dev"), handle)));
        await Task.Delay(300);
        Assert.False(deleting.IsCompleted);
        _sandbox.Host.Scaleway.BlockVolumes.Detach(handle);
        var gone = await deleting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(gone.WasPresent);
        Assert.DoesNotContain(_sandbox.Runtime.GetRequestLog("block.volumes.delete"), e => e.Status == 412);
        Assert.Equal(1, _sandbox.SuccessfulMutations("block.volumes.delete"));
    }

    [Fact]
    public async Task AVolumeAlreadyGoneIsDoneWithoutADelete()
    {
        var (_, cluster) = await _sandbox.ReadyClusterAsync("dev");
        var handle = _sandbox.Host.Scaleway.BlockVolumes.Provision(cluster.ClusterId, "pvc-released", 5L << 30);
        _sandbox.Host.Scaleway.BlockVolumes.Release(handle);

        var gone = await _sandbox.RunAsync(a => a.Of<VolumeTeardownActivities>().DeleteVolumeAsync(new TeardownTarget(a.Snapshot("dev"), handle)));

        Assert.Equal(0, _sandbox.Mutations("block.volumes.delete"));
        Assert.Equal(handle, gone.Id);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }

    private static V1PersistentVolumeClaim Claim(string name, string storageClass) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("5Gi") } },
        },
    };
}
