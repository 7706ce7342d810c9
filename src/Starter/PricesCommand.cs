using System.CommandLine;
using CoderBootstrap.Activities.Cost;

namespace CoderBootstrap.Starter;

/// <summary>
/// <c>starter prices refresh</c>: reads Scaleway's public product catalog (no credentials; the API
/// of SCW_API_URL, else api.scaleway.com), writes a dated catalog (deploy/prices-&lt;date&gt;.yaml by
/// default; each price with its source and date) and shows what changed against deploy/prices.yaml,
/// which stays the default until it is replaced on purpose.
/// </summary>
internal static class PricesCommand
{
    public static Command Build(StarterContext context)
    {
        var output = new Option<string?>("--output") { Description = "where to write the dated catalog (default deploy/prices-<yyyy-MM-dd>.yaml)" };
        var format = new Option<string>("--format") { Description = "table, json or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var json = new Option<bool>("--json") { Description = "same as --format=json" };
        var refresh = new Command("refresh", "read the public product catalog, write a dated price catalog and show what changed") { output, format, json };
        refresh.SetAction((parse, ct) => RefreshAsync(context, parse.GetValue(output), parse.GetValue(json) ? "json" : parse.GetValue(format)!, ct));
        return new Command("prices", "price catalogs") { refresh };
    }

    public static async Task<(PriceCatalog Catalog, IReadOnlyList<PriceChange> Changes, string Source)> FetchAsync(StarterContext context, PriceCatalog current, DateOnly date, CancellationToken ct)
    {
        var baseUrl = context.Environment("SCW_API_URL") is { Length: > 0 } configured ? configured : "https://api.scaleway.com";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var client = new PublicCatalogClient(http, baseUrl);
        var products = new Dictionary<string, IReadOnlyList<CatalogProduct>>(StringComparer.Ordinal);
        try
        {
            foreach (var type in PublicCatalogClient.PricedTypes)
            {
                products[type] = PublicCatalogClient.RegionalTypes.Contains(type)
                    ? await client.ListAsync([type], null, "fr-par", ct).ConfigureAwait(false)
                    : await client.ListAsync([type], "fr-par-1", null, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpRequestException or CostCalculationException or TaskCanceledException or System.Text.Json.JsonException)
        {
            throw new StarterException($"the product catalog at {client.ProductsUrl} did not answer: {e.Message.ReplaceLineEndings(" ")}", 1);
        }
        var (catalog, changes) = CatalogRefresh.Apply(current, products, client.ProductsUrl, date);
        return (catalog, changes, client.ProductsUrl);
    }

    private static async Task<int> RefreshAsync(StarterContext context, string? output, string format, CancellationToken ct)
    {
        var reportFormat = CostReport.ParseFormat(format);
        PriceCatalog current;
        try
        {
            current = PriceCatalog.Load(Path.Combine(context.RepositoryRoot, "deploy", "prices.yaml"));
        }
        catch (CostCalculationException e)
        {
            throw new StarterException(e.Message, 2);
        }
        var date = DateOnly.FromDateTime(DateTime.UtcNow);
        var (catalog, changes, source) = await FetchAsync(context, current, date, ct).ConfigureAwait(false);
        var path = output ?? Path.Combine(context.RepositoryRoot, "deploy", $"prices-{date:yyyy-MM-dd}.yaml");
        await File.WriteAllTextAsync(path, CatalogRefresh.ToYaml(catalog, date), ct).ConfigureAwait(false);
        await context.Out.WriteAsync(CostOutput.Changes(changes, path, source, date, reportFormat));
        return 0;
    }
}
