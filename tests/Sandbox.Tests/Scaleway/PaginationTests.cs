using System.Net;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class PaginationTests
{
    [Fact]
    public async Task Lists_page_20_items_by_default_with_the_total_count()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        for (var index = 0; index < 25; index++)
        {
            await server.CreatePrivateNetworkAsync($"pn-{index:D2}");
        }

        var first = await server.GetAsync("/vpc/v2/regions/fr-par/private-networks?page=1");
        var second = await server.GetAsync("/vpc/v2/regions/fr-par/private-networks?page=2");

        Assert.Equal(20, first.Object["private_networks"]!.AsArray().Count);
        Assert.Equal(25, first.Object["total_count"]!.GetValue<int>());
        Assert.Equal(5, second.Object["private_networks"]!.AsArray().Count);
        Assert.Equal("pn-20", second.Object["private_networks"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Page_size_limits_the_page_and_beyond_the_last_page_is_empty()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        for (var index = 0; index < 3; index++)
        {
            await server.CreatePrivateNetworkAsync($"pn-{index}");
        }

        var page = await server.GetAsync("/vpc/v2/regions/fr-par/private-networks?page=2&page_size=2");
        var beyond = await server.GetAsync("/vpc/v2/regions/fr-par/private-networks?page=5&page_size=2");

        Assert.Single(page.Object["private_networks"]!.AsArray());
        Assert.Empty(beyond.Object["private_networks"]!.AsArray());
        Assert.Equal(3, beyond.Object["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Page_size_above_100_gets_400_invalid_arguments()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var response = await server.GetAsync("/vpc/v2/regions/fr-par/vpcs?page_size=500");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_arguments", response.ErrorType);
    }

    [Fact]
    public async Task Tags_and_name_filters_select_matching_resources()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        await server.PostAsync("/vpc/v2/regions/fr-par/private-networks", new JsonObject { ["name"] = "coder-prod", ["tags"] = new JsonArray("managed-by=coder-bootstrap", "env=prod") });
        await server.PostAsync("/vpc/v2/regions/fr-par/private-networks", new JsonObject { ["name"] = "coder-dev", ["tags"] = new JsonArray("managed-by=coder-bootstrap", "env=dev") });
        await server.PostAsync("/vpc/v2/regions/fr-par/private-networks", new JsonObject { ["name"] = "other" });

        var byTags = await server.GetAsync("/vpc/v2/regions/fr-par/private-networks?tags=managed-by=coder-bootstrap,env=prod");
        var byName = await server.GetAsync("/vpc/v2/regions/fr-par/private-networks?name=coder");

        Assert.Equal("coder-prod", Assert.Single(byTags.Object["private_networks"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(2, byName.Object["total_count"]!.GetValue<int>());
    }
}
