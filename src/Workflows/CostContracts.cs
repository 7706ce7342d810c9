using CoderBootstrap.Activities.Contracts;

namespace CoderBootstrap.Workflows;

/// <summary>
/// A cost check of an environment (<c>cost-&lt;env&gt;</c> on a schedule). <see cref="ReportOnly"/>:
/// reads only — no notification, nothing recorded (what <c>starter cost --actual</c> shows).
/// <see cref="SetBudgetEur"/>/<see cref="SetThresholds"/>: change the budget kept with the
/// environment's state first (<c>starter cost --set-budget=400 --alert-threshold=80,100</c>).
/// </summary>
public sealed record CostCheckInput(
    string Environment,
    bool ReportOnly = false,
    decimal? SetBudgetEur = null,
    IReadOnlyList<int>? SetThresholds = null,
    double? RetryScale = null);

/// <summary>The end of a cost check: the actual cost, the budget in force, the thresholds crossed and those notified now, and the recorded checks.</summary>
public sealed record CostCheckResult(
    string Environment,
    ActualCost Actual,
    BudgetSetting Budget,
    IReadOnlyList<int> ThresholdsCrossed,
    IReadOnlyList<int> Notified,
    IReadOnlyList<Activities.State.CostCheckRecord> History);
