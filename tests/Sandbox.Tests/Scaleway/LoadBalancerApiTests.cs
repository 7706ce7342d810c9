using System.Net;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class LoadBalancerApiTests
{
    [Fact]
    public async Task Service_load_balancer_appears_named_after_the_cluster_and_becomes_ready()
    {
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.05);
        var clusterId = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();

        var id = server.Server.LoadBalancers.EnsureForService(clusterId, "coder", "coder", "127.0.0.1");
        var again = server.Server.LoadBalancers.EnsureForService(clusterId, "coder", "coder", "127.0.0.1");
        var ready = await server.WaitForStatusAsync($"/lb/v1/zones/fr-par-1/lbs/{id}", "ready");
        var listed = await server.GetAsync($"/lb/v1/zones/fr-par-1/lbs?name={clusterId}");

        Assert.Equal(id, again);
        Assert.StartsWith(clusterId, ready["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", ready["ip"]![0]!["ip_address"]!.GetValue<string>());
        Assert.Equal("lb-s", ready["type"]!.GetValue<string>());
        Assert.Equal(1, listed.Object["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_a_load_balancer_answers_204_then_to_delete_then_the_lb_404_body()
    {
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.05);
        var id = server.Server.LoadBalancers.EnsureForService(Guid.NewGuid().ToString(), "default", "web", "127.0.0.1");

        var deleted = await server.DeleteAsync($"/lb/v1/zones/fr-par-1/lbs/{id}?release_ip=false");
        var deleting = await server.GetAsync($"/lb/v1/zones/fr-par-1/lbs/{id}");
        await server.WaitForNotFoundAsync($"/lb/v1/zones/fr-par-1/lbs/{id}");
        var gone = await server.GetAsync($"/lb/v1/zones/fr-par-1/lbs/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal("to_delete", deleting.Object["status"]!.GetValue<string>());
        Assert.Equal("lbs not Found", gone.Object["message"]!.GetValue<string>());
        Assert.Null(gone.Object["type"]);
    }

    [Fact]
    public async Task A_load_balancer_deleted_through_the_api_while_its_service_exists_is_recreated_by_the_cloud_controller()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var clusterId = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var id = server.Server.LoadBalancers.EnsureForService(clusterId, "coder", "coder", "127.0.0.1");

        await server.DeleteAsync($"/lb/v1/zones/fr-par-1/lbs/{id}?release_ip=false");
        await server.WaitForNotFoundAsync($"/lb/v1/zones/fr-par-1/lbs/{id}");
        JsonArray? balancers = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && balancers is not { Count: > 0 })
        {
            await server.Server.TickAsync(CancellationToken.None);
            balancers = (await server.GetAsync("/lb/v1/zones/fr-par-1/lbs")).Object["lbs"]!.AsArray();
        }

        var recreated = Assert.Single(balancers!);
        Assert.NotEqual(id, recreated!["id"]!.GetValue<string>());
        Assert.Equal($"{clusterId}_coder_coder", recreated["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Removing_the_service_deletes_its_load_balancer()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var clusterId = Guid.NewGuid().ToString();
        var id = server.Server.LoadBalancers.EnsureForService(clusterId, "default", "web", "127.0.0.1");

        server.Server.LoadBalancers.RemoveForService(clusterId, "default", "web");

        await server.WaitForNotFoundAsync($"/lb/v1/zones/fr-par-1/lbs/{id}");
    }

    [Fact]
    public async Task Lb_types_are_listed()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var types = (await server.GetAsync("/lb/v1/zones/fr-par-1/lb-types")).Object;

        Assert.Contains(types["lb_types"]!.AsArray(), type => type!["name"]!.GetValue<string>() == "LB-GP-M");
        Assert.Equal(4, types["total_count"]!.GetValue<int>());
    }
}
