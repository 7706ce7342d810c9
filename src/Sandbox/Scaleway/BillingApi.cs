using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// <c>GET /billing/v2beta1/consumptions</c>: the current billing period's consumption of what
/// exists (node pools, database instances, load balancers), one line per resource with the real
/// field shapes (<c>value {currency_code, units, nanos}</c>, <c>product_name</c>, <c>category_name</c>,
/// <c>sku</c>, <c>unit</c>, <c>billed_quantity</c>, <c>project_id</c>), priced from
/// <see cref="ProductCatalogApi"/> and capped at the monthly price. Each resource is billed for
/// the hours it has existed this month, or for <see cref="BilledHours"/> when a test sets it
/// (<c>PUT /sandbox/billing {"billed_hours": 240}</c>), since the sandbox's resources are minutes old.
/// </summary>
public sealed class BillingApi(ScalewayStore store, ScalewayIdentity identity)
{
    /// <summary>The hours every resource is billed for this month; null: the hours since it was created (or since the month began).</summary>
    public double? BilledHours { get; set; }

    public void Map(ScalewayRoutes routes) =>
        routes.Map("GET", "/billing/v2beta1/consumptions", "billing.consumptions.list", List);

    private IResult List(HttpContext context)
    {
        var query = new ListQuery(context.Request.Query);
        var now = store.Now;
        var period = query.Get("billing_period") ?? now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (!DateTime.TryParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var periodStart))
        {
            throw ScalewayErrors.InvalidArgument("billing_period", "format", "- billing_period must be YYYY-MM\n");
        }
        var projectId = query.Get("project_id");
        var organizationId = query.Get("organization_id");
        if (projectId is null && organizationId is null)
        {
            throw ScalewayErrors.InvalidArgument("organization_id", "required", "- organization_id or project_id is required\n");
        }
        if ((organizationId is not null && organizationId != identity.OrganizationId) || (projectId is not null && projectId != identity.ProjectId))
        {
            return ScalewayRoutes.Json(Page([], 0, now));
        }
        var category = query.Get("category_name");
        var monthStart = new DateTimeOffset(periodStart, TimeSpan.Zero);
        var lines = store.Read(state =>
        {
            var result = new List<JsonObject>();
            foreach (var pool in state.Pools.Where(p => ResourceStatus.Pool(p, now) is not null))
            {
                result.Add(Line("Compute", "instance", pool.NodeType, $"{pool.Name} ({pool.ClusterId})", pool.Size, pool.CreatedAt, monthStart, now));
            }
            foreach (var instance in state.RdbInstances.Where(i => ResourceStatus.RdbInstance(i, now) is not null))
            {
                result.Add(Line("Managed Databases", "managed_relational_database", instance.NodeType, instance.Name, instance.IsHaCluster ? 2 : 1, instance.CreatedAt, monthStart, now));
            }
            foreach (var lb in state.LoadBalancers.Where(l => ResourceStatus.LoadBalancer(l, now) is not null))
            {
                result.Add(Line("Network", "load_balancer", lb.Type, lb.Name, 1, lb.CreatedAt, monthStart, now));
            }
            foreach (var volume in state.BlockVolumes.Where(v => ResourceStatus.BlockVolume(v, now) is not null))
            {
                result.Add(Line("Storage", "block_storage", "SBS 5K", volume.Name, (int)Math.Ceiling(volume.SizeBytes / 1e9), volume.CreatedAt, monthStart, now));
            }
            return result;
        });
        var filtered = lines.Where(l => category is null || string.Equals((string?)l["category_name"], category, StringComparison.OrdinalIgnoreCase)).ToList();
        var page = filtered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return ScalewayRoutes.Json(Page(page, filtered.Count, now));
    }

    private static JsonObject Page(IReadOnlyList<JsonObject> items, int total, DateTimeOffset now) => new()
    {
        ["consumptions"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        ["total_count"] = total,
        ["total_discount_untaxed_value"] = 0,
        ["updated_at"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    private JsonObject Line(string category, string productType, string product, string resource, int quantity, DateTimeOffset created, DateTimeOffset monthStart, DateTimeOffset now)
    {
        var offer = ProductCatalogApi.Offers.FirstOrDefault(o => o.ProductType == productType && o.Key == product.Replace('_', '-').ToUpperInvariant());
        var monthly = offer?.MonthlyPrice ?? 0m;
        var hours = (decimal)(BilledHours ?? Math.Max(0, (now - (created > monthStart ? created : monthStart)).TotalHours));
        hours = Math.Min(hours, ProductCatalogApi.HoursPerMonth);
        var value = Math.Round(ProductCatalogApi.HourlyPrice(monthly) * hours * quantity, 9, MidpointRounding.AwayFromZero);
        var units = (long)Math.Truncate(value);
        return new JsonObject
        {
            ["value"] = new JsonObject { ["currency_code"] = "EUR", ["units"] = units, ["nanos"] = (int)((value - units) * 1_000_000_000m) },
            ["product_name"] = offer?.Name ?? product,
            ["resource_name"] = resource,
            ["sku"] = $"/{productType}/{product.ToLowerInvariant().Replace('-', '_').Replace(' ', '_')}",
            ["project_id"] = identity.ProjectId,
            ["category_name"] = category,
            ["unit"] = "hour",
            ["billed_quantity"] = (hours * quantity).ToString("0.##", CultureInfo.InvariantCulture),
        };
    }
}
