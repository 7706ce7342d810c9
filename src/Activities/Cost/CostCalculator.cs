using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Cost;

/// <summary>
/// Monthly cost of an environment from the price catalog: Kubernetes nodes, managed PostgreSQL
/// (an HA instance bills a standby node like the primary), the load balancer and block storage.
/// </summary>
public sealed class CostCalculator
{
    private readonly PriceCatalog _catalog;

    public CostCalculator(PriceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    public CostEstimate Estimate(EnvironmentSpec environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var pool = environment.Kubernetes.NodePool;
        var database = environment.Database;
        var lines = new List<CostLine>
        {
            Line($"Kubernetes nodes ({pool.NodeType})", _catalog.Find(PriceKind.KubernetesNode, pool.NodeType), pool.Size),
            Line(database.HighAvailability ? $"Managed PostgreSQL ({database.NodeType} HA, 2 nodes)" : $"Managed PostgreSQL ({database.NodeType})",
                _catalog.Find(PriceKind.DatabaseNode, database.NodeType), database.HighAvailability ? 2 : 1),
            Line($"Load balancer ({environment.LoadBalancer.Type})", _catalog.Find(PriceKind.LoadBalancer, environment.LoadBalancer.Type), 1),
        };
        if (environment.Storage.BlockStorageGb > 0)
        {
            lines.Add(Line($"Block storage ({environment.Storage.BlockStorageGb} GB)", _catalog.BlockStorage(), environment.Storage.BlockStorageGb));
        }
        return new CostEstimate(environment.Name, _catalog.Currency, lines, ToCents(environment.MonthlyBudgetEur));
    }

    public IReadOnlyList<CostEstimate> EstimateAll(IEnumerable<EnvironmentSpec> environments) =>
        environments.Select(Estimate).ToList();

    /// <summary>Rounds to cents (half away from zero) and always carries two decimals, so 20 prints as 20.00.</summary>
    public static decimal ToCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;

    private static CostLine Line(string component, CatalogPrice price, decimal quantity) =>
        new(component, price.Sku, quantity, price.Unit, price.MonthlyPrice, ToCents(price.MonthlyPrice * quantity), price.Source);
}
