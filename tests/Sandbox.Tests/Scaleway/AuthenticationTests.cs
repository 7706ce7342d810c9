using System.Net;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task Request_without_token_is_denied_with_401_denied_authentication()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        using var response = await anonymous.GetAsync("/vpc/v2/regions/fr-par/vpcs");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("denied_authentication", body["type"]!.GetValue<string>());
        Assert.Equal("authentication is denied", body["message"]!.GetValue<string>());
        Assert.Equal("api_key", body["method"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_with_wrong_token_is_denied_with_401()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Auth-Token", Guid.NewGuid().ToString());

        using var response = await client.GetAsync("/k8s/v1/regions/fr-par/clusters");
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("not_found", body["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_with_the_secret_key_as_token_is_served()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var response = await server.GetAsync("/k8s/v1/regions/fr-par/clusters");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(0, response.Object["total_count"]!.GetValue<int>());
    }
}
