using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Contracts;

/// <summary>
/// What a scale asks for: a fixed size (<see cref="Nodes"/>), or autoscaling bounds
/// (<see cref="Autoscale"/> with <see cref="MinNodes"/>..<see cref="MaxNodes"/>); neither (analysis only) prices nothing new.
/// </summary>
public sealed record ScaleTarget(int? Nodes, bool Autoscale = false, int? MinNodes = null, int? MaxNodes = null)
{
    [JsonIgnore]
    public bool IsEmpty => Nodes is null && !Autoscale;

    public override string ToString() => Autoscale ? $"autoscaling {MinNodes}-{MaxNodes}" : Nodes is { } n ? $"{n} nodes" : "no change";
}

public sealed record ScaleAnalysisRequest(SpecSnapshot Snapshot, ScaleTarget Target) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

/// <summary>Node usage as the cluster reports it (metrics.k8s.io), summed over the pool's nodes.</summary>
public sealed record NodeUsage(int Nodes, double CpuUsedCores, double CpuAllocatableCores, double MemoryUsedGb, double MemoryAllocatableGb)
{
    [JsonIgnore]
    public double CpuPercent => CpuAllocatableCores <= 0 ? 0 : Math.Round(CpuUsedCores * 100 / CpuAllocatableCores, 1);

    [JsonIgnore]
    public double MemoryPercent => MemoryAllocatableGb <= 0 ? 0 : Math.Round(MemoryUsedGb * 100 / MemoryAllocatableGb, 1);
}

/// <summary>
/// The cost analysis of a scale: the pool now, the monthly cost before and after (priced like
/// <c>starter cost --actual</c>), the delta and the share of the budget, whether there is anything
/// to change, and a recommendation from node usage when the cluster reports it.
/// </summary>
public sealed record ScaleAnalysis(
    string Environment,
    PoolSnapshot Pool,
    ScaleTarget Target,
    int NodesAfter,
    decimal NodeMonthlyEur,
    decimal BeforeEur,
    decimal AfterEur,
    decimal DeltaEur,
    decimal? CeilingEur,
    decimal BudgetEur,
    decimal? BudgetUsedPercentAfter,
    bool AlreadyDone,
    NodeUsage? Usage,
    string Recommendation)
{
    [JsonIgnore]
    public bool ExceedsBudget => BudgetEur > 0 && AfterEur > BudgetEur;
}

public sealed record PoolResizeRequest(SpecSnapshot Snapshot, string ClusterId, string PoolId, ScaleTarget Target) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

/// <summary>What the pool update did: whether a PATCH was sent, and the pool as it answered.</summary>
public sealed record PoolResized(bool Changed, PoolSnapshot Pool);

/// <summary>Progress of a pool wait, heartbeated between polls.</summary>
public sealed record PoolWaitProgress(string PoolId, DateTimeOffset StartedAt, int Polls, string Status, int Size, int ReadyNodes);

public sealed record RecordPoolSizeRequest(SpecSnapshot Snapshot, PoolSnapshot Pool, ScaleTarget Target) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}
