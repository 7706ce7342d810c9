namespace CoderBootstrap.Activities.State;

/// <summary>
/// The cost document of an environment (<c>cost/current.json</c> beside the infra and coder state):
/// the budget and alert thresholds set with <c>starter cost --set-budget</c> (null: the spec's),
/// the thresholds already notified per month (<c>yyyy-MM</c>), and the latest cost checks.
/// </summary>
public sealed record CostState(
    string Environment,
    decimal? BudgetEur,
    IReadOnlyList<int>? Thresholds,
    IReadOnlyDictionary<string, IReadOnlyList<int>> NotifiedThresholds,
    IReadOnlyList<CostCheckRecord> Checks)
{
    /// <summary>How many checks the document keeps (older ones stay in its history).</summary>
    public const int KeptChecks = 100;

    public static CostState Empty(string environment) => new(environment, null, null, new Dictionary<string, IReadOnlyList<int>>(), []);
}

/// <summary>One cost check: the monthly cost of what exists, the budget, the share used, and what it notified.</summary>
public sealed record CostCheckRecord(
    DateTimeOffset CheckedAt,
    string RunId,
    decimal ActualMonthlyEur,
    decimal EstimateMonthlyEur,
    decimal? MonthToDateEur,
    decimal? ForecastEur,
    decimal BudgetEur,
    decimal? BudgetUsedPercent,
    IReadOnlyList<int> ThresholdsCrossed,
    IReadOnlyList<int> Notified);
