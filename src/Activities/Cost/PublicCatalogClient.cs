using System.Net.Http.Json;
using System.Text.Json;

namespace CoderBootstrap.Activities.Cost;

/// <summary>
/// Scaleway's public product catalog (<c>GET /product-catalog/v2alpha1/public-catalog/products</c>,
/// no authentication), read page by page until <c>total_count</c> products are seen.
/// </summary>
public sealed class PublicCatalogClient(HttpClient http, string baseUrl)
{
    public const string Path = "/product-catalog/v2alpha1/public-catalog/products";

    /// <summary>The product types the cost calculator prices.</summary>
    public static readonly IReadOnlyList<string> PricedTypes = ["instance", "managed_relational_database", "load_balancer", "block_storage"];

    /// <summary>Product types priced per region (the others per zone).</summary>
    public static readonly IReadOnlyList<string> RegionalTypes = ["managed_relational_database", "kubernetes", "object_storage"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ProductsUrl => baseUrl.TrimEnd('/') + Path;

    public async Task<IReadOnlyList<CatalogProduct>> ListAsync(IEnumerable<string> productTypes, string? zone, string? region = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(productTypes);
        var all = new List<CatalogProduct>();
        var types = string.Join('&', productTypes.Select(t => "product_types=" + Uri.EscapeDataString(t)));
        for (var page = 1; page <= 1000; page++)
        {
            var url = $"{ProductsUrl}?{types}&page={page}&page_size=100" + (zone is null ? string.Empty : "&zone=" + Uri.EscapeDataString(zone))
                + (region is null ? string.Empty : "&region=" + Uri.EscapeDataString(region));
            using var response = await http.GetAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new CostCalculationException($"GET {Path} answered {(int)response.StatusCode}: {body.ReplaceLineEndings(" ")}");
            }
            var list = await response.Content.ReadFromJsonAsync<ProductList>(Json, cancellationToken).ConfigureAwait(false);
            var items = list?.Products ?? [];
            all.AddRange(items);
            if (items.Count == 0 || all.Count >= (list?.TotalCount ?? 0))
            {
                break;
            }
        }
        return all;
    }

    private sealed record ProductList(IReadOnlyList<CatalogProduct>? Products, long TotalCount);
}

/// <summary>One product of the public catalog, with the fields the cost calculator reads.</summary>
public sealed record CatalogProduct(string Sku, string Product, string? ServiceCategory, CatalogLocality? Locality, CatalogProductPrice? Price,
    CatalogUnitOfMeasure? UnitOfMeasure, string? Status)
{
    /// <summary>The monthly price in EUR (hourly × 730, the monthly cap), null without a retail price.</summary>
    public decimal? MonthlyPrice => Price?.RetailPrice is { } money
        ? (UnitOfMeasure?.Unit is "month" ? money.Amount : money.Amount * 730m / Math.Max(1, UnitOfMeasure?.Size ?? 1))
        : null;
}

public sealed record CatalogLocality(string? Zone, string? Region, bool? Global);

public sealed record CatalogProductPrice(CatalogMoney? RetailPrice);

public sealed record CatalogUnitOfMeasure(string? Unit, long Size);

/// <summary>Scaleway's money: whole units plus nanos (10⁻⁹).</summary>
public sealed record CatalogMoney(string CurrencyCode, long Units, int Nanos)
{
    public decimal Amount => Units + (Nanos / 1_000_000_000m);
}
