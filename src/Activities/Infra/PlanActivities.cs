using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>What a setup would do: reads only.</summary>
public sealed class PlanActivities(ScalewayAccess scaleway, Func<PriceCatalog> prices, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<PlanActivities>();

    /// <summary>What exists, what would be created, the monthly cost, approval and budget.</summary>
    [Activity]
    public async Task<InfraPlan> PlanAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var spec = snapshot.Spec;
        scaleway.For(spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var resources = new ResourceFinder(scaleway.Api, spec);

        var network = await resources.FindPrivateNetworkAsync(cancellationToken).ConfigureAwait(false);
        var cluster = await resources.FindClusterAsync(cancellationToken).ConfigureAwait(false);
        var pool = cluster is null ? null : await resources.FindPoolAsync(cluster.Id, cancellationToken).ConfigureAwait(false);
        var instance = await resources.FindDatabaseInstanceAsync(cancellationToken).ConfigureAwait(false);
        var planned = new List<PlannedResource>
        {
            Planned(ResourceKinds.PrivateNetwork, spec.Network.PrivateNetworkName, network?.Id),
            Planned(ResourceKinds.Cluster, spec.Kubernetes.ClusterName, cluster?.Id),
            Planned(ResourceKinds.NodePool, spec.Kubernetes.NodePool.Name, pool?.Id),
            Planned(ResourceKinds.DatabaseInstance, spec.Database.InstanceName, instance?.Id),
        };

        var estimate = EstimateCost(spec);
        _log.Information("Plan for {Environment}: {Creates} to create, {Adopts} to adopt, {MonthlyCost} EUR per month (budget {Budget} EUR)",
            spec.Name, planned.Count(p => p.Action == PlannedAction.Create), planned.Count(p => p.Action == PlannedAction.Adopt),
            estimate.MonthlyTotal, spec.MonthlyBudgetEur);
        return new InfraPlan(spec.Name, spec.Region, planned, estimate.MonthlyTotal,
            estimate.Lines.Select(l => new PlannedCost(l.Component, l.Quantity, l.UnitPrice, l.MonthlyCost)).ToList(),
            spec.MonthlyBudgetEur, spec.ApprovalRequired);
    }

    private CostEstimate EstimateCost(EnvironmentSpec spec)
    {
        try
        {
            return new CostCalculator(prices()).Estimate(spec);
        }
        catch (Exception ex) when (ex is CostCalculationException or IOException)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration, $"cannot price environment '{spec.Name}': {ex.Message}", ex);
        }
    }

    private static PlannedResource Planned(string kind, string name, string? existingId) =>
        new(kind, name, existingId is null ? PlannedAction.Create : PlannedAction.Adopt, existingId);
}
