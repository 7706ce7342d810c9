using System.Net;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class BlockVolumeApiTests
{
    private const string Block = "/block/v1/zones/fr-par-1";
    private const string K8s = "/k8s/v1/regions/fr-par";
    private const long TenGiB = 10L << 30;

    [Fact]
    public async Task A_provisioned_volume_is_listed_as_an_attached_sbs_volume_named_after_its_persistent_volume()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var clusterId = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();

        var handle = server.Server.BlockVolumes.Provision(clusterId, "pvc-1234", TenGiB);
        var volume = await server.WaitForStatusAsync($"{Block}/volumes/{VolumeId(handle)}", "in_use");
        var listed = (await server.GetAsync($"{Block}/volumes?name=pvc-1234")).Object;

        Assert.StartsWith("fr-par-1/", handle);
        Assert.Equal(1, listed["total_count"]!.GetValue<int>());
        Assert.Equal("sbs_5k", volume["type"]!.GetValue<string>());
        Assert.Equal(TenGiB, volume["size"]!.GetValue<long>());
        Assert.Equal("instance_server", volume["references"]![0]!["product_resource_type"]!.GetValue<string>());
        Assert.Empty(volume["tags"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_a_volume_still_attached_answers_412_and_keeps_it()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var clusterId = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var id = VolumeId(server.Server.BlockVolumes.Provision(clusterId, "pvc-attached", TenGiB));
        await server.WaitForStatusAsync($"{Block}/volumes/{id}", "in_use");

        var response = await server.DeleteAsync($"{Block}/volumes/{id}");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.Status);
        Assert.Equal("precondition_failed", response.ErrorType);
        Assert.Equal("in_use", (await server.GetAsync($"{Block}/volumes/{id}")).Object["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_detached_volume_is_available_until_deleted_then_answers_404()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var clusterId = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var handle = server.Server.BlockVolumes.Provision(clusterId, "pvc-detached", TenGiB);
        await server.WaitForStatusAsync($"{Block}/volumes/{VolumeId(handle)}", "in_use");

        server.Server.BlockVolumes.Detach(handle);
        var available = await server.WaitForStatusAsync($"{Block}/volumes/{VolumeId(handle)}", "available");
        var deleted = await server.DeleteAsync($"{Block}/volumes/{VolumeId(handle)}");
        await server.WaitForNotFoundAsync($"{Block}/volumes/{VolumeId(handle)}");
        var again = await server.DeleteAsync($"{Block}/volumes/{VolumeId(handle)}");

        Assert.Empty(available["references"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    [Fact]
    public async Task A_released_volume_is_deleted_by_the_driver()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var clusterId = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var handle = server.Server.BlockVolumes.Provision(clusterId, "pvc-released", TenGiB);

        server.Server.BlockVolumes.Release(handle);
        await server.WaitForNotFoundAsync($"{Block}/volumes/{VolumeId(handle)}");

        Assert.Equal(0, (await server.GetAsync($"{Block}/volumes")).Object["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_a_cluster_with_additional_resources_deletes_its_retained_volumes()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var clusterId = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var handle = server.Server.BlockVolumes.Provision(clusterId, "pvc-retained", TenGiB);
        server.Server.BlockVolumes.Detach(handle);

        await server.DeleteAsync($"{K8s}/clusters/{clusterId}?with_additional_resources=true");
        await server.WaitForNotFoundAsync($"{K8s}/clusters/{clusterId}");
        await server.Server.TickAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync($"{Block}/volumes/{VolumeId(handle)}")).Status);
    }

    [Fact]
    public async Task Deleting_a_cluster_without_additional_resources_leaves_its_volumes_available_and_billed()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var clusterId = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var handle = server.Server.BlockVolumes.Provision(clusterId, "pvc-left-behind", TenGiB);

        await server.DeleteAsync($"{K8s}/clusters/{clusterId}?with_additional_resources=false");
        await server.WaitForNotFoundAsync($"{K8s}/clusters/{clusterId}");
        await server.Server.TickAsync(CancellationToken.None);
        var volume = await server.WaitForStatusAsync($"{Block}/volumes/{VolumeId(handle)}", "available");
        var storage = (await server.GetAsync($"/billing/v2beta1/consumptions?project_id={server.Identity.ProjectId}&category_name=Storage")).Object;

        Assert.Empty(volume["references"]!.AsArray());
        var line = Assert.Single(storage["consumptions"]!.AsArray());
        Assert.Equal("pvc-left-behind", line!["resource_name"]!.GetValue<string>());
        Assert.Equal("/block_storage/sbs_5k", line["sku"]!.GetValue<string>());
    }

    private static string VolumeId(string handle) => handle[(handle.LastIndexOf('/') + 1)..];
}
