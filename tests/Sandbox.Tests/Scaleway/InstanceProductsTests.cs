using System.Net;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class InstanceProductsTests
{
    [Fact]
    public async Task Server_products_carry_hourly_and_monthly_prices_keyed_by_type()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var response = await server.GetAsync("/instance/v1/zones/fr-par-1/products/servers");
        var devM = response.Object["servers"]!["DEV1-M"]!;

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(devM["hourly_price"]!.GetValue<decimal>() > 0);
        Assert.True(devM["monthly_price"]!.GetValue<decimal>() > devM["hourly_price"]!.GetValue<decimal>());
        Assert.Equal(3, devM["ncpus"]!.GetValue<int>());
    }
}
