using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Tests.Scaleway;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

public sealed class AdminApiTests
{
    [Fact]
    public async Task Posting_a_fault_breaks_the_operation_and_deleting_it_heals_it()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        using var armed = await admin.PostAsJsonAsync("/sandbox/faults", new { operation = "vpc.vpcs.list", status = 502, type = "unknown", message = "bad gateway" });
        var broken = await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");
        using var cleared = await admin.DeleteAsync("/sandbox/faults/vpc.vpcs.list");
        var healed = await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");

        Assert.Equal(HttpStatusCode.OK, armed.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, broken.Status);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healed.Status);
    }

    [Fact]
    public async Task Invalid_fault_is_answered_400_with_a_message()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        using var response = await admin.PostAsJsonAsync("/sandbox/faults", new { operation = "vpc.vpcs.list", status = 204 });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body["message"]);
    }

    [Fact]
    public async Task Time_scale_is_set_at_runtime()
    {
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 1);
        using var admin = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        using var response = await admin.PutAsJsonAsync("/sandbox/time-scale", new { timeScale = 0.5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.5, server.Runtime.TimeScale);
    }

    [Fact]
    public async Task Request_log_endpoint_filters_by_operation_prefix_and_mutations()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        await server.CreatePrivateNetworkAsync();
        await server.GetAsync("/k8s/v1/regions/fr-par/clusters");

        var mutations = JsonNode.Parse(await admin.GetStringAsync("/sandbox/requests?mutations=true"))!["requests"]!.AsArray();
        var k8s = JsonNode.Parse(await admin.GetStringAsync("/sandbox/requests?operation=k8s."))!["requests"]!.AsArray();

        Assert.Equal("vpc.private_networks.create", Assert.Single(mutations)!["operation"]!.GetValue<string>());
        Assert.Equal("/k8s/v1/regions/fr-par/clusters", Assert.Single(k8s)!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Counters_endpoint_reports_totals_and_per_operation_counts()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        await server.CreatePrivateNetworkAsync();
        await server.GetAsync("/vpc/v2/regions/fr-par/private-networks");

        var counters = JsonNode.Parse(await admin.GetStringAsync("/sandbox/counters"))!;

        Assert.Equal(1, counters["totals"]!["reads"]!.GetValue<int>());
        Assert.Equal(1, counters["totals"]!["mutations"]!.GetValue<int>());
        Assert.Equal(1, counters["operations"]!["vpc.private_networks.create"]!["mutations"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reset_endpoint_empties_the_request_log()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");

        using var reset = await admin.PostAsync("/sandbox/reset", null);
        var requests = JsonNode.Parse(await admin.GetStringAsync("/sandbox/requests"))!["requests"]!.AsArray();

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task Operations_endpoint_lists_the_fault_operation_names()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        var operations = JsonNode.Parse(await admin.GetStringAsync("/sandbox/operations"))!["operations"]!.AsArray().Select(o => o!.GetValue<string>()).ToList();

        Assert.Contains("k8s.clusters.create", operations);
        Assert.Contains("rdb.instances.get", operations);
        Assert.Contains("lb.lbs.delete", operations);
    }
}
