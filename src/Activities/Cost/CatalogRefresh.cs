using System.Globalization;
using System.Text;

namespace CoderBootstrap.Activities.Cost;

/// <summary>What one price did in a refresh: changed, unchanged, or missing from the live catalog (kept as it was).</summary>
public sealed record PriceChange(string Sku, PriceKind Kind, decimal OldPrice, decimal? NewPrice)
{
    public string Outcome => NewPrice is null ? "not in the live catalog (kept)" : NewPrice == OldPrice ? "unchanged" : "changed";
}

/// <summary>
/// <c>starter prices refresh</c>: every price of the current catalog looked up in the public
/// product catalog (same name, normalised: GP1-XS = gp1_xs), each new price with its source and
/// date, and the list of what changed. The YAML it writes is a catalog <see cref="PriceCatalog.Parse"/> reads.
/// </summary>
public static class CatalogRefresh
{
    public static string ProductType(PriceKind kind) => kind switch
    {
        PriceKind.KubernetesNode => "instance",
        PriceKind.DatabaseNode => "managed_relational_database",
        PriceKind.LoadBalancer => "load_balancer",
        _ => "block_storage",
    };

    public static (PriceCatalog Catalog, IReadOnlyList<PriceChange> Changes) Apply(PriceCatalog current, IReadOnlyDictionary<string, IReadOnlyList<CatalogProduct>> productsByType,
        string sourceUrl, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(productsByType);
        var prices = new List<CatalogPrice>();
        var changes = new List<PriceChange>();
        foreach (var price in current.Prices)
        {
            var products = productsByType.TryGetValue(ProductType(price.Kind), out var list) ? list : [];
            var match = price.Kind == PriceKind.BlockStorage
                ? products.FirstOrDefault(p => p.MonthlyPrice is not null)
                : products.FirstOrDefault(p => p.MonthlyPrice is not null && Normalize(p.Product) == Normalize(price.Sku));
            if (match?.MonthlyPrice is not { } monthly)
            {
                prices.Add(price);
                changes.Add(new PriceChange(price.Sku, price.Kind, price.MonthlyPrice, null));
                continue;
            }
            var rounded = Math.Round(monthly, price.Kind == PriceKind.BlockStorage ? 4 : 2, MidpointRounding.AwayFromZero);
            prices.Add(price with
            {
                MonthlyPrice = rounded,
                Source = $"Scaleway product catalog {sourceUrl} ({match.Product}, {match.Sku}, {Invariant(match.Price!.RetailPrice!.Amount)} EUR per {match.UnitOfMeasure?.Unit ?? "unit"} x 730 h)",
                CheckedOn = date,
            });
            changes.Add(new PriceChange(price.Sku, price.Kind, price.MonthlyPrice, rounded));
        }
        return (new PriceCatalog(current.Currency, prices), changes);
    }

    public static string ToYaml(PriceCatalog catalog, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"# Price catalog refreshed from Scaleway's public product catalog on {date:yyyy-MM-dd} (starter prices refresh).");
        builder.AppendLine("# EUR per month excluding VAT; each price names its source and the date it was read.");
        builder.AppendLine(CultureInfo.InvariantCulture, $"currency: {catalog.Currency}");
        builder.AppendLine("prices:");
        foreach (var price in catalog.Prices)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  - sku: {price.Sku}");
            builder.AppendLine(CultureInfo.InvariantCulture, $"    kind: {KindName(price.Kind)}");
            builder.AppendLine(CultureInfo.InvariantCulture, $"    unit: {price.Unit}");
            builder.AppendLine(CultureInfo.InvariantCulture, $"    monthly_price: {Invariant(price.MonthlyPrice)}");
            builder.AppendLine(CultureInfo.InvariantCulture, $"    source: \"{price.Source.Replace("\"", "'", StringComparison.Ordinal)}\"");
            builder.AppendLine(CultureInfo.InvariantCulture, $"    checked_on: {price.CheckedOn:yyyy-MM-dd}");
        }
        return builder.ToString();
    }

    public static string KindName(PriceKind kind) => kind switch
    {
        PriceKind.KubernetesNode => "kubernetes_node",
        PriceKind.DatabaseNode => "database_node",
        PriceKind.LoadBalancer => "load_balancer",
        _ => "block_storage",
    };

    private static string Invariant(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Normalize(string sku) => sku.Replace('_', '-').ToUpperInvariant();
}
