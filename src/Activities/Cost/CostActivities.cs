using System.Globalization;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.State;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Cost;

/// <summary>
/// Reads only: what an environment runs now (the pool's current size, autoscaling included; node
/// type; database type and HA; the cluster's load balancers; block storage) priced from the catalog,
/// beside the spec's estimate, with month-to-date spend and a forecast from the Billing API.
/// </summary>
public sealed class CostActivities(ScalewayAccess scaleway, StateStorage storage, Func<PriceCatalog> prices, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<CostActivities>();

    [Activity]
    public async Task<ActualCost> DescribeActualCostAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var spec = snapshot.Spec;
        scaleway.For(spec);
        var ct = ActivityRun.CancellationToken;
        var api = scaleway.Api;
        var catalog = prices();
        var budget = await ReadBudgetAsync(storage, snapshot, ct).ConfigureAwait(false);
        var infra = await CallGuard.StorageAsync($"read the infra state of environment '{spec.Name}'",
            () => storage.State.ReadInfraAsync(spec.Name, ct)).ConfigureAwait(false);
        var recordedCluster = infra?.Content.DestroyedAt is null ? infra?.Content.Cluster?.ClusterId : null;

        var clusters = (await CallGuard.ScalewayAsync("list clusters", () => api.Kapsule.ListClustersAsync(cancellationToken: ct)).ConfigureAwait(false))
            .Where(c => c.Id == recordedCluster || spec.ResourceTags.All(t => c.Tags?.Contains(t) == true)).ToList();
        var lines = new List<CostLine>();
        PoolSnapshot? snapshotOfPool = null;
        foreach (var cluster in clusters)
        {
            var pools = await CallGuard.ScalewayAsync($"list pools of cluster {cluster.Id}", () => api.Kapsule.ListPoolsAsync(cluster.Id, cancellationToken: ct)).ConfigureAwait(false);
            var nodes = await CallGuard.ScalewayAsync($"list nodes of cluster {cluster.Id}", () => api.Kapsule.ListNodesAsync(cluster.Id, cancellationToken: ct)).ConfigureAwait(false);
            foreach (var pool in pools)
            {
                var bounds = pool.Autoscaling ? $", autoscaling {pool.MinSize}-{pool.MaxSize}" : string.Empty;
                lines.Add(Line(catalog, PriceKind.KubernetesNode, pool.NodeType, pool.Size, $"Kubernetes nodes ({pool.NodeType.ToUpperInvariant()}, pool {pool.Name}: {pool.Size} now{bounds})"));
                if (pool.Name == spec.Kubernetes.NodePool.Name || snapshotOfPool is null)
                {
                    snapshotOfPool = new PoolSnapshot(cluster.Id, pool.Id, pool.Name, pool.NodeType, pool.Size, pool.Autoscaling, pool.MinSize, pool.MaxSize,
                        pool.Status, nodes.Count(n => n.PoolId == pool.Id && n.Status == "ready"));
                }
            }
        }
        var loadBalancers = await CallGuard.ScalewayAsync("list load balancers", () => api.Lb.ListLoadBalancersAsync(cancellationToken: ct)).ConfigureAwait(false);
        foreach (var lb in loadBalancers.Where(lb => clusters.Any(c => lb.Name.StartsWith(c.Id, StringComparison.Ordinal))))
        {
            lines.Add(Line(catalog, PriceKind.LoadBalancer, lb.Type, 1, $"Load balancer {lb.Name} ({lb.Type.ToUpperInvariant()})"));
        }
        var databases = (await CallGuard.ScalewayAsync("list database instances", () => api.Rdb.ListInstancesAsync(cancellationToken: ct)).ConfigureAwait(false))
            .Where(i => i.Id == infra?.Content.Database?.InstanceId || spec.ResourceTags.All(t => i.Tags?.Contains(t) == true));
        foreach (var db in databases)
        {
            var quantity = db.IsHaCluster ? 2 : 1;
            lines.Add(Line(catalog, PriceKind.DatabaseNode, db.NodeType, quantity,
                db.IsHaCluster ? $"Managed PostgreSQL {db.Name} ({db.NodeType.ToUpperInvariant()} HA, 2 nodes)" : $"Managed PostgreSQL {db.Name} ({db.NodeType.ToUpperInvariant()})"));
        }
        if (clusters.Count > 0 && spec.Storage.BlockStorageGb > 0)
        {
            var storagePrice = catalog.BlockStorage();
            lines.Add(new CostLine($"Block storage ({spec.Storage.BlockStorageGb} GB, as the spec sizes it)", storagePrice.Sku, spec.Storage.BlockStorageGb, storagePrice.Unit,
                storagePrice.MonthlyPrice, CostCalculator.ToCents(storagePrice.MonthlyPrice * spec.Storage.BlockStorageGb), storagePrice.Source));
        }
        var (monthToDate, forecast, note) = await SpendAsync(api, ct).ConfigureAwait(false);
        var estimate = new CostCalculator(catalog).Estimate(spec);
        var monthly = CostCalculator.ToCents(lines.Sum(l => l.MonthlyCost));
        _log.Information("Actual cost of {Environment}: {Monthly} EUR per month (estimate {Estimate}), pool size {PoolSize}",
            spec.Name, monthly, estimate.MonthlyTotal, snapshotOfPool?.Size);
        return new ActualCost(spec.Name, catalog.Currency, lines, monthly, estimate.MonthlyTotal, budget.BudgetEur, budget.Thresholds,
            monthToDate, forecast, note, snapshotOfPool, DateTimeOffset.UtcNow);
    }

    /// <summary>The budget in force: the cost state's when set, else the spec's.</summary>
    public static async Task<BudgetSetting> ReadBudgetAsync(StateStorage storage, SpecSnapshot snapshot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(snapshot);
        var spec = snapshot.Spec;
        var state = (await CallGuard.StorageAsync($"read the cost state of environment '{spec.Name}'",
            () => storage.State.ReadCostAsync(spec.Name, ct)).ConfigureAwait(false))?.Content;
        return new BudgetSetting(spec.Name, state?.BudgetEur ?? spec.MonthlyBudgetEur, state?.Thresholds ?? spec.AlertThresholds,
            state?.BudgetEur is not null || state?.Thresholds is not null);
    }

    private async Task<(decimal? MonthToDate, decimal? Forecast, string? Note)> SpendAsync(ScalewayApiClient api, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        try
        {
            var consumptions = await api.Billing.ListConsumptionsAsync(now.ToString("yyyy-MM", CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
            var monthToDate = CostCalculator.ToCents(consumptions.Sum(c => c.Value?.Amount ?? 0m));
            var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var elapsed = (decimal)(now - monthStart).TotalHours;
            var total = (decimal)(monthStart.AddMonths(1) - monthStart).TotalHours;
            var forecast = elapsed <= 0 ? monthToDate : CostCalculator.ToCents(monthToDate * total / elapsed);
            return (monthToDate, forecast, "Billing API (lags by hours)");
        }
        catch (ScalewayApiException e)
        {
            _log.Warning("The Billing API did not answer ({Status}): no month-to-date spend", e.StatusCode);
            return (null, null, $"Billing API unavailable ({(int)e.StatusCode})");
        }
    }

    private static CostLine Line(PriceCatalog catalog, PriceKind kind, string sku, int quantity, string component)
    {
        try
        {
            var price = catalog.Find(kind, sku);
            return new CostLine(component, price.Sku, quantity, price.Unit, price.MonthlyPrice, CostCalculator.ToCents(price.MonthlyPrice * quantity), price.Source);
        }
        catch (CostCalculationException)
        {
            return new CostLine(component + " — no catalog price", sku, quantity, "unit", 0m, 0m, "not in the price catalog");
        }
    }
}
