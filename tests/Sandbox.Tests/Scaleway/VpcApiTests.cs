using System.Net;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Scaleway;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class VpcApiTests
{
    [Fact]
    public async Task Private_network_without_vpc_goes_into_the_default_vpc_with_allocated_subnets()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var created = (await server.PostAsync("/vpc/v2/regions/fr-par/private-networks", new JsonObject { ["name"] = "pn" })).Object;
        var vpc = await server.GetAsync($"/vpc/v2/regions/fr-par/vpcs/{created["vpc_id"]!.GetValue<string>()}");

        Assert.True(vpc.Object["is_default"]!.GetValue<bool>());
        Assert.Equal(1, vpc.Object["private_network_count"]!.GetValue<int>());
        Assert.Equal(2, created["subnets"]!.AsArray().Count);
        Assert.Equal(server.Identity.ProjectId, created["project_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Vpc_crud_answers_204_on_delete_and_404_afterwards()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var vpc = (await server.PostAsync("/vpc/v2/regions/fr-par/vpcs", new JsonObject { ["name"] = "v", ["tags"] = new JsonArray("a") })).Object;
        var id = vpc["id"]!.GetValue<string>();

        var renamed = await server.PatchAsync($"/vpc/v2/regions/fr-par/vpcs/{id}", new JsonObject { ["name"] = "renamed" });
        var deleted = await server.DeleteAsync($"/vpc/v2/regions/fr-par/vpcs/{id}");
        var after = await server.GetAsync($"/vpc/v2/regions/fr-par/vpcs/{id}");

        Assert.Equal("renamed", renamed.Object["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal("", deleted.Text);
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.Equal("vpc", after.Object["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_private_network_used_by_a_cluster_gets_409_transient_state()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var networkId = await server.CreatePrivateNetworkAsync();
        await server.CreateClusterAsync(networkId);

        var response = await server.DeleteAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("transient_state", response.ErrorType);
        Assert.Equal("private_network", response.Object["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task Private_network_refuses_deletion_for_the_release_window_counted_from_when_its_cluster_was_gone()
    {
        var timings = new SandboxTimings { PrivateNetworkRelease = TimeSpan.FromSeconds(100) };
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.01, timings: timings);
        var networkId = await server.CreatePrivateNetworkAsync();
        var clusterId = (await server.CreateClusterAsync(networkId))["id"]!.GetValue<string>();
        await server.DeleteAsync($"/k8s/v1/regions/fr-par/clusters/{clusterId}?with_additional_resources=false");
        await server.WaitForNotFoundAsync($"/k8s/v1/regions/fr-par/clusters/{clusterId}");
        var goneSeenAt = DateTimeOffset.UtcNow;

        var rightAfter = await server.DeleteAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}");
        await server.Server.TickAsync(CancellationToken.None);
        var afterTheMonitorRan = await server.DeleteAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}");
        var windowLeft = goneSeenAt + TimeSpan.FromSeconds(1.1) - DateTimeOffset.UtcNow;
        await Task.Delay(windowLeft > TimeSpan.Zero ? windowLeft : TimeSpan.Zero);
        var afterTheWindow = await server.DeleteAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}");

        Assert.Equal("releasing", rightAfter.Object["current_state"]!.GetValue<string>());
        Assert.Equal("transient_state", afterTheMonitorRan.ErrorType);
        Assert.Equal(HttpStatusCode.NoContent, afterTheWindow.Status);
    }

    [Fact]
    public async Task Deleting_a_private_network_used_by_a_database_gets_409_transient_state()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var networkId = await server.CreatePrivateNetworkAsync();
        await server.CreateDatabaseInstanceAsync(initEndpoints: new JsonArray(new JsonObject { ["private_network"] = new JsonObject { ["private_network_id"] = networkId, ["ipam_config"] = new JsonObject() } }));

        var response = await server.DeleteAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("transient_state", response.ErrorType);
    }

    [Fact]
    public async Task Deleting_a_vpc_that_still_holds_private_networks_gets_409()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var vpcId = (await server.PostAsync("/vpc/v2/regions/fr-par/vpcs", new JsonObject { ["name"] = "v" })).Object["id"]!.GetValue<string>();
        await server.PostAsync("/vpc/v2/regions/fr-par/private-networks", new JsonObject { ["name"] = "pn", ["vpc_id"] = vpcId });

        var response = await server.DeleteAsync($"/vpc/v2/regions/fr-par/vpcs/{vpcId}");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
    }

    [Fact]
    public async Task Private_networks_filter_by_vpc()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var vpcId = (await server.PostAsync("/vpc/v2/regions/fr-par/vpcs", new JsonObject { ["name"] = "v" })).Object["id"]!.GetValue<string>();
        await server.PostAsync("/vpc/v2/regions/fr-par/private-networks", new JsonObject { ["name"] = "inside", ["vpc_id"] = vpcId });
        await server.CreatePrivateNetworkAsync("outside");

        var listed = await server.GetAsync($"/vpc/v2/regions/fr-par/private-networks?vpc_id={vpcId}");

        Assert.Equal("inside", Assert.Single(listed.Object["private_networks"]!.AsArray())!["name"]!.GetValue<string>());
    }
}
