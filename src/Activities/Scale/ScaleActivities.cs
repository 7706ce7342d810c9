using System.Globalization;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.State;
using k8s;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Scale;

/// <summary>
/// Scaling the environment's node pool: the cost analysis (reads only: the pool now, priced like
/// <c>starter cost --actual</c>, and node usage where the cluster reports it), the pool update
/// (PATCH only what differs), the wait until it is ready, and the new desired size in the infra state.
/// </summary>
public sealed class ScaleActivities(ScalewayAccess scaleway, StateStorage storage, ClusterAccess clusters, Func<PriceCatalog> prices, TimeSpan pollInterval, Serilog.ILogger log)
{
    /// <summary>Node usage a recommendation aims to stay under.</summary>
    public const double TargetUsagePercent = 70;

    private readonly Serilog.ILogger _log = log.ForContext<ScaleActivities>();

    [Activity]
    public async Task<ScaleAnalysis> AnalyzeScaleAsync(ScaleAnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Snapshot.Spec;
        var actual = await new CostActivities(scaleway, storage, prices, log).DescribeActualCostAsync(request.Snapshot).ConfigureAwait(false);
        var pool = actual.Pool ?? throw ActivityFailure.Permanent(FailureKind.InfraMissing,
            $"environment '{spec.Name}' has no node pool to scale; run `starter run infra --env={spec.Name}` first");
        var target = request.Target;
        if (!target.Autoscale && target.Nodes is { } nodes && pool.Autoscaling && (nodes < (pool.MinSize ?? 1) || nodes > (pool.MaxSize ?? int.MaxValue)))
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidArguments,
                $"{nodes} nodes is outside the autoscaling bounds {pool.MinSize}..{pool.MaxSize} of pool {pool.Name}; pass --auto --min --max to change them");
        }
        var nodePrice = NodePrice(prices(), pool.NodeType);
        var after = target.Autoscale ? Math.Clamp(pool.Size, target.MinNodes ?? 1, target.MaxNodes ?? pool.Size) : target.Nodes ?? pool.Size;
        var afterEur = CostCalculator.ToCents(actual.MonthlyEur + (after - pool.Size) * nodePrice);
        decimal? ceiling = target.Autoscale && target.MaxNodes is { } max ? CostCalculator.ToCents(actual.MonthlyEur + (max - pool.Size) * nodePrice) : null;
        var alreadyDone = target.IsEmpty || (target.Autoscale
            ? pool.Autoscaling && pool.MinSize == target.MinNodes && pool.MaxSize == target.MaxNodes
            : pool.Size == target.Nodes);
        var usage = await UsageAsync(spec.Name, pool).ConfigureAwait(false);
        decimal? percent = actual.BudgetEur == 0 ? null : Math.Round(afterEur * 100 / actual.BudgetEur, 1, MidpointRounding.AwayFromZero);
        var analysis = new ScaleAnalysis(spec.Name, pool, target, after, nodePrice, actual.MonthlyEur, afterEur, CostCalculator.ToCents(afterEur - actual.MonthlyEur),
            ceiling, actual.BudgetEur, percent, alreadyDone, usage, Recommend(pool, usage, spec.Kubernetes.NodePool.Autoscaling.MaxSize));
        _log.Information("Scale analysis of {Environment}: pool {PoolId} {Size} -> {After} nodes, {Before} -> {AfterEur} EUR per month ({Delta}), already done {AlreadyDone}",
            spec.Name, pool.PoolId, pool.Size, after, actual.MonthlyEur, afterEur, analysis.DeltaEur, alreadyDone);
        return analysis;
    }

    /// <summary>PATCHes the pool only where it differs from the target, so a retry or a second identical scale sends nothing.</summary>
    [Activity]
    public async Task<PoolResized> ResizePoolAsync(PoolResizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        scaleway.For(request.Snapshot.Spec);
        var ct = ActivityRun.CancellationToken;
        var kapsule = scaleway.Api.Kapsule;
        var pool = await CallGuard.ScalewayAsync($"read pool {request.PoolId}", () => kapsule.GetPoolAsync(request.PoolId, ct)).ConfigureAwait(false);
        var target = request.Target;
        UpdatePoolRequest? update = target.Autoscale
            ? pool.Autoscaling && pool.MinSize == target.MinNodes && pool.MaxSize == target.MaxNodes ? null
                : new UpdatePoolRequest(Size: ClampedSize(pool.Size, target), Autoscaling: true, MinSize: target.MinNodes, MaxSize: target.MaxNodes)
            : target.Nodes is { } nodes && nodes != pool.Size ? new UpdatePoolRequest(Size: nodes) : null;
        if (update is not null)
        {
            pool = await CallGuard.ScalewayAsync($"update pool {pool.Id}", () => kapsule.UpdatePoolAsync(pool.Id, update, ct)).ConfigureAwait(false);
            _log.Information("Pool {PoolId} of {Environment} updated to {Target}", pool.Id, request.Environment, target);
        }
        else
        {
            _log.Information("Pool {PoolId} of {Environment} already is {Target}: nothing sent", pool.Id, request.Environment, target);
        }
        return new PoolResized(update is not null, Snapshot(pool, 0));
    }

    /// <summary>Polls the pool until it is ready with as many ready nodes as its size; resumes from the heartbeat.</summary>
    [Activity]
    public async Task<PoolSnapshot> WaitForPoolReadyAsync(PoolResizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        scaleway.For(request.Snapshot.Spec);
        var kapsule = scaleway.Api.Kapsule;
        var progress = await ActivityRun.ResumeAsync<PoolWaitProgress>(p => p.PoolId == request.PoolId, _log).ConfigureAwait(false);
        var startedAt = progress?.StartedAt ?? DateTimeOffset.UtcNow;
        var polls = progress?.Polls ?? 0;
        return await ActivityRun.PollAsync(pollInterval, async ct =>
        {
            var pool = await CallGuard.ScalewayAsync($"read pool {request.PoolId}", () => kapsule.GetPoolAsync(request.PoolId, ct)).ConfigureAwait(false);
            if (pool.Status is PoolStatus.Locked or PoolStatus.Deleting)
            {
                throw ActivityFailure.Permanent(FailureKind.ResourceFailed, $"pool {pool.Name} ({pool.Id}) is {pool.Status} and will not become ready by itself");
            }
            var nodes = await CallGuard.ScalewayAsync($"list nodes of pool {pool.Id}", () => kapsule.ListNodesAsync(request.ClusterId, pool.Id, ct)).ConfigureAwait(false);
            var ready = nodes.Count(n => n.Status == "ready");
            var seen = new PoolWaitProgress(pool.Id, startedAt, ++polls, pool.Status, pool.Size, ready);
            if (pool.Status != PoolStatus.Ready || ready != pool.Size || nodes.Count != pool.Size)
            {
                return Poll<PoolSnapshot>.Pending(seen);
            }
            _log.Information("Pool {PoolId} of {Environment} is ready with {Ready} nodes after {Polls} polls", pool.Id, request.Environment, ready, polls);
            return Poll<PoolSnapshot>.Finished(Snapshot(pool, ready));
        }).ConfigureAwait(false);
    }

    /// <summary>A new infra state version whose cluster records the pool's new desired size (and bounds), for drift checks.</summary>
    [Activity]
    public async Task<StateRecorded> RecordPoolSizeAsync(RecordPoolSizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var env = request.Environment;
        var ct = ActivityRun.CancellationToken;
        var store = storage.State;
        var document = await CallGuard.StorageAsync($"read the infra state of environment '{env}'", () => store.ReadInfraAsync(env, ct)).ConfigureAwait(false)
            ?? throw ActivityFailure.MissingInfraState(env);
        var state = document.Content;
        var cluster = state.Cluster ?? throw ActivityFailure.MissingInfraState(env, "it records no cluster");
        var target = request.Target;
        var updated = cluster with
        {
            NodeCount = request.Pool.Size,
            DesiredNodeCount = target.Autoscale ? null : target.Nodes,
            MinNodes = target.Autoscale ? target.MinNodes : cluster.MinNodes,
            MaxNodes = target.Autoscale ? target.MaxNodes : cluster.MaxNodes,
        };
        var bucket = store.BucketName(env);
        if (updated == cluster)
        {
            return new StateRecorded(bucket, S3StateStore.CurrentKey(StateKind.Infra), document.Sequence);
        }
        var written = await CallGuard.StorageAsync($"write the infra state of environment '{env}'", () => store.WriteInfraAsync(state with { Cluster = updated }, ct)).ConfigureAwait(false);
        _log.Information("Recorded the desired pool size of {Environment} ({Target}) in infra state version {Sequence}", env, target, written.Sequence);
        return new StateRecorded(bucket, S3StateStore.CurrentKey(StateKind.Infra), written.Sequence);
    }

    /// <summary>The size to send with new autoscaling bounds: only when the current size falls outside them.</summary>
    private static int? ClampedSize(int size, ScaleTarget target)
    {
        var clamped = Math.Clamp(size, target.MinNodes ?? 1, target.MaxNodes ?? size);
        return clamped == size ? null : clamped;
    }

    private static decimal NodePrice(PriceCatalog catalog, string nodeType)
    {
        try
        {
            return catalog.Find(PriceKind.KubernetesNode, nodeType).MonthlyPrice;
        }
        catch (CostCalculationException e)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration, $"node type {nodeType} has no price in the catalog: {e.Message}");
        }
    }

    private static PoolSnapshot Snapshot(Pool pool, int ready) =>
        new(pool.ClusterId, pool.Id, pool.Name, pool.NodeType, pool.Size, pool.Autoscaling, pool.MinSize, pool.MaxSize, pool.Status, ready);

    /// <summary>CPU and memory used on the pool's nodes (metrics.k8s.io) against their allocatable; null when the cluster does not report it.</summary>
    private async Task<NodeUsage?> UsageAsync(string environment, PoolSnapshot pool)
    {
        try
        {
            var ct = ActivityRun.CancellationToken;
            var client = await clusters.ConnectAsync(environment, pool.ClusterId, ct).ConfigureAwait(false);
            var metrics = await client.GetKubernetesNodesMetricsAsync().ConfigureAwait(false);
            var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false);
            var names = metrics.Items.Select(m => m.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            var measured = nodes.Items.Where(n => names.Contains(n.Metadata.Name)).ToList();
            if (measured.Count == 0)
            {
                return null;
            }
            double Cores(string key, IDictionary<string, k8s.Models.ResourceQuantity>? q) => q is not null && q.TryGetValue(key, out var v) ? (double)v.ToDecimal() : 0;
            var cpuUsed = metrics.Items.Sum(m => Cores("cpu", m.Usage));
            var memUsed = metrics.Items.Sum(m => Cores("memory", m.Usage)) / 1e9;
            var cpuAlloc = measured.Sum(n => Cores("cpu", n.Status?.Allocatable));
            var memAlloc = measured.Sum(n => Cores("memory", n.Status?.Allocatable)) / 1e9;
            return new NodeUsage(measured.Count, cpuUsed, cpuAlloc, memUsed, memAlloc);
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or k8s.KubernetesException or Temporalio.Exceptions.ApplicationFailureException)
        {
            _log.Information("The cluster of {Environment} does not report node usage ({Reason}): no recommendation", environment, e.Message);
            return null;
        }
    }

    internal static string Recommend(PoolSnapshot pool, NodeUsage? usage, int specMax)
    {
        if (usage is null)
        {
            return "cannot recommend a size: the cluster does not report node usage (metrics.k8s.io; install metrics-server)";
        }
        var busiest = Math.Max(usage.CpuPercent, usage.MemoryPercent);
        var needed = (int)Math.Ceiling(pool.Size * busiest / TargetUsagePercent);
        var floor = pool.Autoscaling ? pool.MinSize ?? 1 : 1;
        var ceiling = Math.Max(pool.MaxSize ?? specMax, specMax);
        var recommended = Math.Clamp(Math.Max(needed, 1), floor, ceiling);
        var measured = $"CPU {usage.CpuPercent.ToString("0.0", CultureInfo.InvariantCulture)} %, memory {usage.MemoryPercent.ToString("0.0", CultureInfo.InvariantCulture)} % used on {usage.Nodes} nodes";
        return recommended == pool.Size
            ? $"{measured}: keep {pool.Size} nodes (usage stays under {TargetUsagePercent} %)"
            : $"{measured}: {recommended} nodes would keep usage under {TargetUsagePercent} % (`starter scale --nodes={recommended}`)";
    }
}
