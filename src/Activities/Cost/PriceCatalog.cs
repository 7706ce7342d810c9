using System.Globalization;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Cost;

/// <summary>The prices of deploy/prices.yaml.</summary>
public sealed class PriceCatalog
{
    private static readonly Dictionary<string, PriceKind> KindNames = new(StringComparer.Ordinal)
    {
        ["kubernetes_node"] = PriceKind.KubernetesNode,
        ["database_node"] = PriceKind.DatabaseNode,
        ["load_balancer"] = PriceKind.LoadBalancer,
        ["block_storage"] = PriceKind.BlockStorage,
    };

    public PriceCatalog(string currency, IReadOnlyList<CatalogPrice> prices)
    {
        Currency = currency;
        Prices = prices;
    }

    public string Currency { get; }

    public IReadOnlyList<CatalogPrice> Prices { get; }

    /// <summary>The price of <paramref name="sku"/> (case-insensitive, since the API normalises names like GP1-XS to gp1_xs).</summary>
    public CatalogPrice Find(PriceKind kind, string sku)
    {
        var normalized = Normalize(sku);
        var price = Prices.FirstOrDefault(p => p.Kind == kind && Normalize(p.Sku) == normalized);
        if (price is null)
        {
            var known = Prices.Where(p => p.Kind == kind).Select(p => p.Sku);
            throw new CostCalculationException($"no {kind} price for '{sku}' in the price catalog; known: {string.Join(", ", known)}");
        }
        return price;
    }

    public CatalogPrice BlockStorage() =>
        Prices.FirstOrDefault(p => p.Kind == PriceKind.BlockStorage)
        ?? throw new CostCalculationException("the price catalog has no block_storage price");

    public static PriceCatalog Load(string path)
    {
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static PriceCatalog Parse(string yamlText, string fileName)
    {
        try
        {
            var root = YamlMap.Root(fileName, yamlText, ["currency", "prices"]);
            var currency = root.RequiredChoice("currency", ["EUR"]);
            var prices = new List<CatalogPrice>();
            foreach (var (entry, index) in root.MapList("prices", ["sku", "kind", "unit", "monthly_price", "source", "checked_on"]).Select((e, i) => (e, i)))
            {
                var kindName = entry.RequiredChoice("kind", KindNames.Keys.ToList());
                var sku = entry.RequiredString("sku");
                var checkedOn = entry.RequiredString("checked_on",
                    t => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                    "a date yyyy-MM-dd");
                var price = new CatalogPrice(
                    sku,
                    KindNames[kindName],
                    entry.RequiredString("unit"),
                    entry.RequiredDecimal("monthly_price", 0m, 100_000m),
                    entry.RequiredString("source"),
                    DateOnly.ParseExact(checkedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture));
                if (prices.Any(p => p.Kind == price.Kind && Normalize(p.Sku) == Normalize(sku)))
                {
                    throw entry.Error(entry.FieldPath("sku"), $"'{sku}' listed twice (prices[{index}])", "one price per sku and kind");
                }
                prices.Add(price);
            }
            return new PriceCatalog(currency, prices);
        }
        catch (EnvironmentSpecException ex)
        {
            throw new CostCalculationException(ex.Message, ex);
        }
    }

    private static string Normalize(string sku) => sku.Replace('_', '-').ToUpperInvariant();
}
