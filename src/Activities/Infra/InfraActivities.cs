using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Phase 1 (network, Kapsule cluster, managed PostgreSQL, kubeconfig, infra state). Every activity
/// finds its resource by name and tags before creating it, so a retry or a re-run adopts what exists.
/// </summary>
public sealed partial class InfraActivities
{
    private readonly ActivityServices _services;
    private readonly Serilog.ILogger _log;

    public InfraActivities(ActivityServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _log = services.Logger.ForContext<InfraActivities>();
    }

    private static CancellationToken ActivityCancellation =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;

    /// <summary>Reads only: what exists, what would be created, the monthly cost, approval and budget.</summary>
    [Activity]
    public async Task<InfraPlan> PlanAsync(string environment)
    {
        var (spec, _) = Prepare(environment);
        var cancellationToken = ActivityCancellation;
        var resources = new EnvironmentResources(_services.Scaleway, spec);

        var network = await InfraFailures.GuardAsync($"look up private network '{spec.Network.PrivateNetworkName}'",
            () => resources.FindPrivateNetworkAsync(cancellationToken)).ConfigureAwait(false);
        var cluster = await InfraFailures.GuardAsync($"look up cluster '{spec.Kubernetes.ClusterName}'",
            () => resources.FindClusterAsync(cancellationToken)).ConfigureAwait(false);
        var pool = cluster is null
            ? null
            : await InfraFailures.GuardAsync($"look up pool '{spec.Kubernetes.NodePool.Name}'",
                () => resources.FindPoolAsync(cluster.Id, cancellationToken)).ConfigureAwait(false);
        var instance = await InfraFailures.GuardAsync($"look up database instance '{spec.Database.InstanceName}'",
            () => resources.FindDatabaseInstanceAsync(cancellationToken)).ConfigureAwait(false);

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
        return new InfraPlan(
            spec.Name,
            spec.Region,
            planned,
            estimate.MonthlyTotal,
            estimate.Lines.Select(l => new PlannedCost(l.Component, l.Quantity, l.UnitPrice, l.MonthlyCost)).ToList(),
            spec.MonthlyBudgetEur,
            spec.ApprovalRequired);
    }

    [Activity]
    public async Task<NetworkRef> EnsurePrivateNetworkAsync(string environment)
    {
        var (spec, credentials) = Prepare(environment);
        var cancellationToken = ActivityCancellation;
        var name = spec.Network.PrivateNetworkName;
        var resources = new EnvironmentResources(_services.Scaleway, spec);

        var existing = await InfraFailures.GuardAsync($"look up private network '{name}'",
            () => resources.FindPrivateNetworkAsync(cancellationToken)).ConfigureAwait(false);
        if (existing is not null)
        {
            var adopted = ToNetworkRef(existing, spec);
            if (adopted.Cidr != spec.Network.PrivateNetworkCidr)
            {
                _log.Warning("Private network {Name} ({PrivateNetworkId}) has subnet {Cidr}, the spec of {Environment} asks for {SpecCidr}; keeping the existing subnet",
                    name, existing.Id, adopted.Cidr, spec.Name, spec.Network.PrivateNetworkCidr);
            }
            _log.Information("Adopted private network {Name} ({PrivateNetworkId}) of {Environment}", name, existing.Id, spec.Name);
            return adopted;
        }

        // Without a VPC id the network goes into the project's default VPC of the region.
        var request = EnvironmentResourceRequests.PrivateNetwork(spec, credentials.ProjectId);
        var created = await InfraFailures.GuardAsync($"create private network '{name}'",
            () => _services.Scaleway.Vpc.CreatePrivateNetworkAsync(request, cancellationToken)).ConfigureAwait(false);
        _log.Information("Created private network {Name} ({PrivateNetworkId}, {Cidr}) of {Environment}", name, created.Id, spec.Network.PrivateNetworkCidr, spec.Name);
        return ToNetworkRef(created, spec);
    }

    /// <summary>The spec and credentials of an activity; both problems are permanent, as is a region that differs from the client's.</summary>
    private (EnvironmentSpec Spec, ScalewayCredentials Credentials) Prepare(string environment)
    {
        var spec = InfraFailures.LoadSpec(_services, environment);
        var credentials = InfraFailures.Credentials(_services);
        if (!string.Equals(spec.Region, credentials.Region, StringComparison.Ordinal))
        {
            throw InfraFailures.NonRetryable(ErrorTypes.InvalidConfiguration,
                $"environment '{spec.Name}' lives in region {spec.Region} but {ScalewayCredentials.RegionVariable} is {credentials.Region}; set {ScalewayCredentials.RegionVariable}={spec.Region}");
        }
        return (spec, credentials);
    }

    private CostEstimate EstimateCost(EnvironmentSpec spec)
    {
        try
        {
            return new CostCalculator(_services.LoadPriceCatalog()).Estimate(spec);
        }
        catch (Exception ex) when (ex is CostCalculationException or IOException)
        {
            throw InfraFailures.NonRetryable(ErrorTypes.InvalidConfiguration, InfraFailures.OneLine($"cannot price environment '{spec.Name}': {ex.Message}"), ex);
        }
    }

    private static PlannedResource Planned(string kind, string name, string? existingId) =>
        new(kind, name, existingId is null ? PlannedAction.Create : PlannedAction.Adopt, existingId);

    private static NetworkRef ToNetworkRef(PrivateNetwork network, EnvironmentSpec spec)
    {
        var ipv4 = (network.Subnets ?? []).Select(s => s.Subnet).FirstOrDefault(s => s.Contains('.', StringComparison.Ordinal));
        return new NetworkRef(network.Id, network.VpcId, ipv4 ?? spec.Network.PrivateNetworkCidr);
    }

    private static void Heartbeat(object progress)
    {
        if (ActivityExecutionContext.HasCurrent)
        {
            ActivityExecutionContext.Current.Heartbeat(progress);
        }
    }

    /// <summary>The progress heartbeated by a previous attempt of this activity, when it is about the same resource.</summary>
    private async Task<T?> ResumeAsync<T>(Func<T, bool> isSameResource)
        where T : class
    {
        if (!ActivityExecutionContext.HasCurrent || ActivityExecutionContext.Current.Info.HeartbeatDetails.Count == 0)
        {
            return null;
        }
        try
        {
            var progress = await ActivityExecutionContext.Current.Info.HeartbeatDetailAtAsync<T>(0).ConfigureAwait(false);
            return progress is not null && isSameResource(progress) ? progress : null;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            // Details written by another version of the activity: start the wait afresh.
            _log.Warning("Ignoring unreadable heartbeat details of a previous attempt: {Reason}", ex.Message);
            return null;
        }
    }
}
