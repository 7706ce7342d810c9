using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>Instance server types with public prices (<c>/instance/v1/zones/{zone}/products/servers</c>), also the node types Kapsule pools accept.</summary>
public static class InstanceCatalog
{
    private static readonly ServerType[] Servers =
    [
        new("DEV1-S", 2, 2, 0.00998m, 7.29m),
        new("DEV1-M", 3, 4, 0.0198m, 14.45m),
        new("DEV1-L", 4, 8, 0.042m, 30.66m),
        new("DEV1-XL", 4, 12, 0.06311m, 46.07m),
        new("GP1-XS", 4, 16, 0.0856m, 62.49m),
        new("GP1-S", 8, 32, 0.1564m, 114.17m),
        new("GP1-M", 16, 64, 0.3236m, 236.23m),
        new("GP1-L", 32, 128, 0.6388m, 466.32m),
        new("PRO2-XXS", 2, 8, 0.055m, 40.15m),
        new("PRO2-XS", 4, 16, 0.11m, 80.3m),
        new("PRO2-S", 8, 32, 0.219m, 159.87m),
        new("PRO2-M", 16, 64, 0.438m, 319.74m),
        new("PLAY2-PICO", 1, 2, 0.014m, 10.22m),
        new("PLAY2-NANO", 2, 4, 0.027m, 19.71m),
        new("PLAY2-MICRO", 4, 8, 0.054m, 39.42m),
    ];

    /// <summary>Server types and monthly prices, for the product catalog.</summary>
    public static IEnumerable<(string Name, decimal MonthlyPrice)> MonthlyPrices => Servers.Select(s => (s.Name, s.MonthlyPrice));

    public static bool IsKnownNodeType(string normalized) => Servers.Any(server => ScalewayFormat.NodeType(server.Name) == normalized);

    public static void Map(ScalewayRoutes routes) =>
        routes.Map("GET", "/instance/v1/zones/{zone}/products/servers", "instance.products.servers", context =>
        {
            context.Response.Headers["X-Total-Count"] = Servers.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var servers = new JsonObject();
            foreach (var server in Servers)
            {
                servers[server.Name] = new JsonObject
                {
                    ["alt_names"] = new JsonArray(),
                    ["arch"] = "x86_64",
                    ["ncpus"] = server.Cpus,
                    ["ram"] = server.RamGiB * 1024L * 1024 * 1024,
                    ["gpu"] = 0,
                    ["baremetal"] = false,
                    ["hourly_price"] = server.HourlyPrice,
                    ["monthly_price"] = server.MonthlyPrice,
                    ["end_of_service"] = false,
                    ["per_volume_constraint"] = new JsonObject { ["l_ssd"] = new JsonObject { ["min_size"] = 1_000_000_000, ["max_size"] = 800_000_000_000 } },
                    ["volumes_constraint"] = new JsonObject { ["min_size"] = 0, ["max_size"] = 0 },
                    ["network"] = new JsonObject { ["sum_internal_bandwidth"] = 400_000_000, ["sum_internet_bandwidth"] = 400_000_000, ["ipv6_support"] = true },
                };
            }

            return ScalewayRoutes.Json(new JsonObject { ["servers"] = servers });
        });

    private sealed record ServerType(string Name, int Cpus, int RamGiB, decimal HourlyPrice, decimal MonthlyPrice);
}
