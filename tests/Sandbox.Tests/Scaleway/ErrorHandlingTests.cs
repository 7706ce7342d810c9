using System.Net;
using System.Text;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class ErrorHandlingTests
{
    [Fact]
    public async Task Malformed_json_body_gets_400_invalid_arguments()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/vpc/v2/regions/fr-par/private-networks")
        {
            Content = new StringContent("{\"name\": ", Encoding.UTF8, "application/json"),
        };

        var response = await server.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_arguments", response.ErrorType);
        Assert.Equal("format", response.Object["details"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Non_json_content_type_gets_400_invalid_arguments()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/vpc/v2/regions/fr-par/vpcs")
        {
            Content = new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        var response = await server.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_arguments", response.ErrorType);
    }

    [Fact]
    public async Task Field_of_the_wrong_type_is_named_in_the_invalid_arguments_details()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var networkId = await server.CreatePrivateNetworkAsync();

        var response = await server.PostAsync("/k8s/v1/regions/fr-par/clusters", new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "c",
            ["version"] = "1.35.3",
            ["private_network_id"] = networkId,
            ["pools"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "p", ["node_type"] = "DEV1-M", ["size"] = "three" }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("pools.0.size", response.Object["details"]![0]!["argument_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_api_version_gets_404_not_found()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var response = await server.GetAsync("/k8s/v9/regions/fr-par/clusters");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("not_found", response.ErrorType);
    }

    [Fact]
    public async Task Unknown_region_gets_400_invalid_arguments()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var response = await server.GetAsync("/rdb/v1/regions/mars-1/instances");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("region", response.Object["details"]![0]!["argument_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_resource_id_gets_404_with_resource_and_id()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = Guid.NewGuid().ToString();

        var response = await server.GetAsync($"/k8s/v1/regions/fr-par/clusters/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("not_found", response.ErrorType);
        Assert.Equal("cluster", response.Object["resource"]!.GetValue<string>());
        Assert.Equal(id, response.Object["resource_id"]!.GetValue<string>());
    }
}
