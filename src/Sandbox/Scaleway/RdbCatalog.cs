using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>Database engines and node types of the emulated managed-database API.</summary>
public static class RdbCatalog
{
    private static readonly (string Name, string Version, string EndOfLife)[] Engines =
    [
        ("PostgreSQL", "17", "2029-11-08T00:00:00Z"),
        ("PostgreSQL", "16", "2028-11-09T00:00:00Z"),
        ("PostgreSQL", "15", "2027-11-11T00:00:00Z"),
        ("PostgreSQL", "14", "2026-11-12T00:00:00Z"),
        ("MySQL", "8", "2026-04-01T00:00:00Z"),
    ];

    private static readonly (string Name, int Vcpus, long MemoryGiB, bool HaRequired)[] NodeTypes =
    [
        ("db-dev-s", 2, 2, false),
        ("db-dev-m", 3, 4, false),
        ("db-dev-l", 4, 8, false),
        ("db-gp-xs", 4, 16, false),
        ("db-gp-s", 8, 32, false),
        ("db-gp-m", 16, 64, false),
        ("db-play2-pico", 1, 2, false),
        ("db-pro2-xxs", 2, 8, false),
        ("db-pro2-xs", 4, 16, false),
        ("db-pro2-s", 8, 32, false),
    ];

    public static bool IsKnownEngine(string engine) => Engines.Any(e => $"{e.Name}-{e.Version}".Equals(engine, StringComparison.OrdinalIgnoreCase));

    public static bool IsKnownNodeType(string nodeType) => NodeTypes.Any(n => n.Name == nodeType);

    public static JsonObject RenderEngines(string region, ListQuery query)
    {
        var engines = Engines.GroupBy(e => e.Name).Select(group => (JsonNode)new JsonObject
        {
            ["logo_url"] = $"https://s3.nl-ams.scw.cloud/scw-rdb-logos/{group.Key.ToLowerInvariant()}.svg",
            ["name"] = group.Key,
            ["region"] = region,
            ["versions"] = new JsonArray(group.Select(version => (JsonNode?)new JsonObject
            {
                ["available_init_settings"] = new JsonArray(),
                ["available_settings"] = new JsonArray(new JsonObject
                {
                    ["default_value"] = "100",
                    ["description"] = "Maximum number of concurrent connections",
                    ["float_max"] = null,
                    ["float_min"] = null,
                    ["hot_configurable"] = false,
                    ["int_max"] = 10000,
                    ["int_min"] = 50,
                    ["name"] = "max_connections",
                    ["property_type"] = "INT",
                    ["string_constraint"] = null,
                    ["unit"] = null,
                }),
                ["beta"] = false,
                ["disabled"] = false,
                ["end_of_life"] = version.EndOfLife,
                ["name"] = $"{version.Name}-{version.Version}",
                ["version"] = version.Version,
            }).ToArray()),
        }).ToList();
        return ScalewayRoutes.List("engines", engines.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize), engines.Count);
    }

    public static JsonObject RenderNodeTypes(string region, ListQuery query)
    {
        var items = NodeTypes.Select(type => (JsonNode)new JsonObject
        {
            ["name"] = type.Name,
            ["stock_status"] = "available",
            ["description"] = $"{type.Vcpus} vCPUs, {type.MemoryGiB} GB RAM",
            ["vcpus"] = type.Vcpus,
            ["memory"] = type.MemoryGiB * 1024 * 1024 * 1024,
            ["volume_constraint"] = new JsonObject { ["min_size"] = 5_000_000_000, ["max_size"] = 500_000_000_000 },
            ["is_bssd_compatible"] = true,
            ["disabled"] = false,
            ["beta"] = false,
            ["available_volume_types"] = new JsonArray(
                new JsonObject { ["type"] = "lssd", ["description"] = "Local SSD", ["min_size"] = 5_000_000_000, ["max_size"] = 500_000_000_000, ["chunk_size"] = 5_000_000_000, ["class"] = "lssd" },
                new JsonObject { ["type"] = "sbs_5k", ["description"] = "Block storage 5K IOPS", ["min_size"] = 5_000_000_000, ["max_size"] = 10_000_000_000_000, ["chunk_size"] = 1_000_000_000, ["class"] = "sbs" }),
            ["is_ha_required"] = type.HaRequired,
            ["generation"] = type.Name.Contains("pro2", StringComparison.Ordinal) || type.Name.Contains("play2", StringComparison.Ordinal) ? "generation_v2" : "generation_v1",
            ["instance_range"] = type.Name.Contains("dev", StringComparison.Ordinal) || type.Name.Contains("play", StringComparison.Ordinal) ? "dev" : "production",
            ["region"] = region,
        }).ToList();
        return ScalewayRoutes.List("node_types", items.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize), items.Count);
    }
}
