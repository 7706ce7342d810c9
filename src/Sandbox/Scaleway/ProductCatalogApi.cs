using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// <c>GET /product-catalog/v2alpha1/public-catalog/products</c> (public: no token), with the real field
/// shapes: each product has a <c>sku</c>, <c>product</c>, <c>locality</c> (zone or region),
/// <c>price.retail_price {currency_code, units, nanos}</c> per <c>unit_of_measure {unit, size}</c>.
/// Filters <c>product_types</c> (repeated or comma-separated), <c>region</c>, <c>zone</c>; paged.
/// </summary>
public static class ProductCatalogApi
{
    /// <summary>Hours in a billing month (Scaleway caps hourly billing at 730 h).</summary>
    public const decimal HoursPerMonth = 730m;

    /// <summary>Every offer: (product type, name, monthly EUR price, zoned, unit). Instances follow <see cref="InstanceCatalog"/>.</summary>
    public static IReadOnlyList<Offer> Offers { get; } =
    [
        .. InstanceCatalog.MonthlyPrices.Select(p => new Offer("instance", p.Name, "Compute", p.MonthlyPrice, Zoned: true, "hour")),
        new("managed_relational_database", "DB-DEV-S", "Managed Databases", 25.60m, Zoned: false, "hour"),
        new("managed_relational_database", "DB-GP-XS", "Managed Databases", 30.00m, Zoned: false, "hour"),
        new("managed_relational_database", "DB-GP-S", "Managed Databases", 37.55m, Zoned: false, "hour"),
        new("managed_relational_database", "DB-GP-M", "Managed Databases", 92.00m, Zoned: false, "hour"),
        new("load_balancer", "LB-S", "Network", 9.99m, Zoned: true, "hour"),
        new("load_balancer", "LB-GP-M", "Network", 20.00m, Zoned: true, "hour"),
        new("load_balancer", "LB-GP-L", "Network", 35.00m, Zoned: true, "hour"),
        new("block_storage", "SBS 5K", "Storage", 0.04m, Zoned: true, "gigabyte_hour"),
        new("kubernetes", "Kapsule mutualized control plane", "Containers", 0m, Zoned: false, "hour"),
        new("object_storage", "Object Storage Standard", "Storage", 0.0146m, Zoned: false, "gigabyte_hour"),
    ];

    /// <summary>The hourly price of an offer (monthly / 730 to the nano, as the catalog publishes it).</summary>
    public static decimal HourlyPrice(decimal monthly) => Math.Round(monthly / HoursPerMonth, 9, MidpointRounding.AwayFromZero);

    public static void Map(ScalewayRoutes routes) =>
        routes.Map("GET", "/product-catalog/v2alpha1/public-catalog/products", "product_catalog.products.list", List, isPublic: true);

    private static IResult List(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        var types = context.Request.Query["product_types"].Where(v => !string.IsNullOrEmpty(v))
            .SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var known = Offers.Select(o => o.ProductType).Distinct().ToList();
        if (types.FirstOrDefault(t => !known.Contains(t)) is { } unknown)
        {
            throw ScalewayErrors.InvalidArgument("product_types", "constraint", $"- unknown product type '{unknown}'\n");
        }
        var zone = query.Get("zone");
        var region = query.Get("region");
        if (zone is not null && !ScalewayRoutes.Zones.Contains(zone))
        {
            throw ScalewayErrors.InvalidArgument("zone", "constraint", $"- zone must be one of {string.Join(", ", ScalewayRoutes.Zones)}\n");
        }
        if (region is not null && !ScalewayRoutes.Regions.Contains(region))
        {
            throw ScalewayErrors.InvalidArgument("region", "constraint", $"- region must be one of {string.Join(", ", ScalewayRoutes.Regions)}\n");
        }
        var products = new List<JsonObject>();
        foreach (var offer in Offers.Where(o => types.Count == 0 || types.Contains(o.ProductType)))
        {
            var localities = offer.Zoned
                ? ScalewayRoutes.Zones.Where(z => (zone is null || z == zone) && (region is null || z.StartsWith(region + "-", StringComparison.Ordinal))).Select(z => ("zone", z))
                : ScalewayRoutes.Regions.Where(r => zone is null && (region is null || r == region)).Select(r => ("region", r));
            products.AddRange(localities.Select(l => Render(offer, l.Item1, l.Item2)));
        }
        var page = products.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize);
        return ScalewayRoutes.Json(ScalewayRoutes.List("products", page, products.Count));
    }

    private static JsonObject Render(Offer offer, string localityKind, string locality)
    {
        var hourly = HourlyPrice(offer.MonthlyPrice);
        var units = (long)Math.Truncate(hourly);
        var nanos = (int)((hourly - units) * 1_000_000_000m);
        var slug = offer.Name.ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
        return new JsonObject
        {
            ["sku"] = $"/{offer.ProductType}/{slug}/run_{locality}",
            ["service_category"] = offer.Category,
            ["product"] = offer.Name,
            ["variant"] = $"{offer.Name} - {locality}",
            ["description"] = $"{offer.Name} in {locality}",
            ["locality"] = new JsonObject { [localityKind] = locality },
            ["price"] = new JsonObject
            {
                ["retail_price"] = new JsonObject { ["currency_code"] = "EUR", ["units"] = units, ["nanos"] = nanos },
            },
            ["properties"] = new JsonObject { [offer.ProductType] = new JsonObject { ["range"] = offer.Category } },
            ["environmental_impact_estimation"] = null,
            ["unit_of_measure"] = new JsonObject { ["unit"] = offer.Unit, ["size"] = 1 },
            ["status"] = "general_availability",
        };
    }

    /// <summary>One priced offer of the sandbox catalog.</summary>
    public sealed record Offer(string ProductType, string Name, string Category, decimal MonthlyPrice, bool Zoned, string Unit)
    {
        public string Key => Name.Replace('_', '-').ToUpperInvariant();
    }

    internal static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
