using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.State;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>
/// What a teardown would remove (reads only): what the state documents record and what exists
/// tagged with the environment — orphans of interrupted runs included — with the monthly cost it bills.
/// </summary>
public sealed class InventoryActivities(ScalewayAccess scaleway, StateStorage storage, Func<PriceCatalog> prices, Serilog.ILogger log)
{
    /// <summary>The kind of a cluster's load balancer in an inventory.</summary>
    public const string LoadBalancerKind = "load_balancer";

    /// <summary>The kind of a cluster's block volumes in an inventory (deleted with the cluster's additional resources).</summary>
    public const string VolumesKind = "volumes";

    private readonly Serilog.ILogger _log = log.ForContext<InventoryActivities>();

    [Activity]
    public async Task<TeardownInventory> TakeInventoryAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var spec = snapshot.Spec;
        scaleway.For(spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var api = scaleway.Api;
        var catalog = prices();

        var infra = await CallGuard.StorageAsync($"read the infra state of environment '{spec.Name}'",
            () => storage.State.ReadInfraAsync(spec.Name, cancellationToken)).ConfigureAwait(false);
        var coder = await CallGuard.StorageAsync($"read the coder state of environment '{spec.Name}'",
            () => storage.State.ReadCoderAsync(spec.Name, cancellationToken)).ConfigureAwait(false);
        var recorded = Recorded(infra?.Content);

        var items = new List<InventoryItem>();
        var clusters = (await CallGuard.ScalewayAsync("list clusters", () => api.Kapsule.ListClustersAsync(cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Where(c => Tagged(c, spec) || recorded.Contains(c.Id)).ToList();
        foreach (var cluster in clusters)
        {
            items.Add(Item(ResourceKinds.Cluster, cluster.Id, cluster.Name, cluster.Status, recorded, 0m));
            var pools = await CallGuard.ScalewayAsync($"list pools of cluster {cluster.Id}",
                () => api.Kapsule.ListPoolsAsync(cluster.Id, cancellationToken: cancellationToken)).ConfigureAwait(false);
            items.AddRange(pools.Select(p => Item(ResourceKinds.NodePool, p.Id, p.Name, p.Status, recorded, Price(catalog, PriceKind.KubernetesNode, p.NodeType, p.Size), cluster.Id)));
            if (spec.Storage.BlockStorageGb > 0)
            {
                // The cluster's volumes (Coder's and the workspaces'), billed as block storage, go with the cluster.
                items.Add(Item(VolumesKind, $"{cluster.Id}/volumes", $"{spec.Storage.BlockStorageGb} GB block storage", cluster.Status, recorded,
                    BlockStoragePrice(catalog, spec.Storage.BlockStorageGb), cluster.Id));
            }
        }
        var loadBalancers = await CallGuard.ScalewayAsync("list load balancers",
            () => api.Lb.ListLoadBalancersAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
        items.AddRange(loadBalancers.Where(lb => clusters.Any(c => lb.Name.StartsWith(c.Id, StringComparison.Ordinal)))
            .Select(lb => Item(LoadBalancerKind, lb.Id, lb.Name, lb.Status, recorded, Price(catalog, PriceKind.LoadBalancer, lb.Type, 1), clusters.First(c => lb.Name.StartsWith(c.Id, StringComparison.Ordinal)).Id)));
        var databases = (await CallGuard.ScalewayAsync("list database instances", () => api.Rdb.ListInstancesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Where(i => Tagged(i, spec) || recorded.Contains(i.Id));
        items.AddRange(databases.Select(i => Item(ResourceKinds.DatabaseInstance, i.Id, i.Name, i.Status, recorded,
            Price(catalog, PriceKind.DatabaseNode, i.NodeType, i.IsHaCluster ? 2 : 1))));
        var networks = (await CallGuard.ScalewayAsync("list private networks", () => api.Vpc.ListPrivateNetworksAsync(cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Where(n => Tagged(n, spec) || recorded.Contains(n.Id));
        items.AddRange(networks.Select(n => Item(ResourceKinds.PrivateNetwork, n.Id, n.Name, "ready", recorded, 0m)));

        var coderDeployed = coder is not null && coder.Content.DestroyedAt is null && clusters.Count > 0;
        var kubeconfig = infra?.Content.Kubeconfig is not null && infra.Content.DestroyedAt is null;
        var monthly = CostCalculator.ToCents(items.Sum(i => i.MonthlyEur));
        _log.Information("Inventory of {Environment}: {Count} resources ({Orphans} orphans), {MonthlyCost} EUR per month, Coder {Coder}",
            spec.Name, items.Count, items.Count(i => i.Orphan), monthly, coderDeployed ? "deployed" : "absent");
        return new TeardownInventory(spec.Name, items, monthly, coderDeployed,
            coderDeployed ? infra?.Content.Cluster?.ClusterId ?? clusters[0].Id : null,
            storage.State.BucketName(spec.Name), infra is not null || coder is not null, kubeconfig);
    }

    private static HashSet<string> Recorded(InfraState? state) =>
        state is null || state.DestroyedAt is not null
            ? []
            : new HashSet<string>(new[] { state.Cluster?.ClusterId, state.Cluster?.PoolId, state.Database?.InstanceId, state.Network?.PrivateNetworkId }
                .OfType<string>(), StringComparer.Ordinal);

    private static bool Tagged(IScalewayTaggedResource resource, EnvironmentSpec spec) =>
        spec.ResourceTags.All(t => resource.Tags?.Contains(t) == true);

    /// <summary>A pool or load balancer belongs to its cluster: it is an orphan when its cluster is.</summary>
    private static InventoryItem Item(string kind, string id, string name, string status, HashSet<string> recorded, decimal monthly, string? owner = null)
    {
        var isRecorded = recorded.Contains(owner ?? id);
        return new InventoryItem(kind, id, name, status, isRecorded, !isRecorded, monthly);
    }

    private static decimal BlockStoragePrice(PriceCatalog catalog, int gigabytes)
    {
        try
        {
            return CostCalculator.ToCents(catalog.BlockStorage().MonthlyPrice * gigabytes);
        }
        catch (CostCalculationException)
        {
            return 0m;
        }
    }

    private static decimal Price(PriceCatalog catalog, PriceKind kind, string sku, int quantity)
    {
        try
        {
            return CostCalculator.ToCents(catalog.Find(kind, sku).MonthlyPrice * quantity);
        }
        catch (CostCalculationException)
        {
            return 0m;
        }
    }
}
