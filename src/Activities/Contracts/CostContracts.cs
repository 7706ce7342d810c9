using System.Text.Json.Serialization;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Contracts;

/// <summary>The node pool as it is now: its size (the autoscaler's, when it autoscales), bounds and status.</summary>
public sealed record PoolSnapshot(string ClusterId, string PoolId, string Name, string NodeType, int Size, bool Autoscaling, int? MinSize, int? MaxSize,
    string Status, int ReadyNodes);

/// <summary>
/// What an environment costs as it is: each billed item found (pool size now, node type, database
/// type and HA, the cluster's load balancers, block storage) priced from the catalog, beside the
/// spec's estimate; month-to-date spend and a month-end forecast where the Billing API answers.
/// </summary>
public sealed record ActualCost(
    string Environment,
    string Currency,
    IReadOnlyList<CostLine> Lines,
    decimal MonthlyEur,
    decimal EstimateMonthlyEur,
    decimal BudgetEur,
    IReadOnlyList<int> Thresholds,
    decimal? MonthToDateEur,
    decimal? ForecastEur,
    string? BillingNote,
    PoolSnapshot? Pool,
    DateTimeOffset DescribedAt)
{
    [JsonIgnore]
    public bool Exists => Pool is not null || Lines.Count > 0;

    [JsonIgnore]
    public decimal? BudgetUsedPercent => BudgetEur == 0 ? null : Math.Round(MonthlyEur * 100 / BudgetEur, 1, MidpointRounding.AwayFromZero);
}

/// <summary>The budget of an environment: set with `starter cost --set-budget` (kept in its cost state) or the spec's.</summary>
public sealed record BudgetSetting(string Environment, decimal BudgetEur, IReadOnlyList<int> Thresholds, bool FromState);

public sealed record SetBudgetRequest(SpecSnapshot Snapshot, decimal? BudgetEur, IReadOnlyList<int>? Thresholds) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

/// <summary>A cost check to record in the cost state; <see cref="Notified"/> are added to the month's sent thresholds.</summary>
public sealed record RecordCostCheckRequest(SpecSnapshot Snapshot, string Month, CostCheckRecord Check) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}
