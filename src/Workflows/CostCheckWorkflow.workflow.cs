using System.Globalization;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.State;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The cost check of an environment: spec → budget (set it first when asked) → actual cost of
/// what exists → thresholds crossed → one notification per threshold per month (the cost state
/// remembers what was sent) → the check recorded in the cost state. Reads only in report mode.
/// </summary>
[Workflow]
public sealed class CostCheckWorkflow
{
    private readonly StepTracker _steps = new(SpecStep.Name, "budget", "actual cost", "notify", "record");
    private string _environment = string.Empty;

    [WorkflowQuery]
    public RunStatus Status => new(_environment, "cost", _steps.Phase, _steps.Steps, null);

    [WorkflowRun]
    public async Task<CostCheckResult> RunAsync(CostCheckInput input)
    {
        var env = _environment = input.Environment;
        var policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        _steps.Phase = "cost check";
        var spec = await SpecStep.RunAsync(_steps, env, null, policies);
        if (input.SetBudgetEur is not null || input.SetThresholds is not null)
        {
            await _steps.RunAsync("budget",
                () => Workflow.ExecuteActivityAsync((CostStateActivities a) => a.SetBudgetAsync(new(spec, input.SetBudgetEur, input.SetThresholds)), policies.Quick),
                b => $"€{b.BudgetEur:F2}, thresholds {string.Join("/", b.Thresholds)} %");
        }
        var actual = await _steps.RunAsync("actual cost",
            () => Workflow.ExecuteActivityAsync((CostActivities a) => a.DescribeActualCostAsync(spec), policies.Quick),
            a => $"€{a.MonthlyEur:F2}/month of €{a.BudgetEur:F2} ({a.BudgetUsedPercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} %)");
        var budget = new BudgetSetting(env, actual.BudgetEur, actual.Thresholds, false);
        var crossed = BudgetThresholds.Crossed(actual.MonthlyEur, actual.BudgetEur, actual.Thresholds);
        var state = await Workflow.ExecuteActivityAsync((CostStateActivities a) => a.ReadCostStateAsync(spec), policies.Quick);
        if (input.ReportOnly)
        {
            _steps.Skip("notify", "report only");
            _steps.Skip("record", "report only");
            _steps.Phase = "done (report)";
            return new CostCheckResult(env, actual, budget, crossed, [], state.Checks);
        }

        var month = Workflow.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var toNotify = BudgetThresholds.ToNotify(crossed, state.NotifiedThresholds.TryGetValue(month, out var sent) ? sent : []);
        var notified = new List<int>();
        var undelivered = 0;
        foreach (var threshold in toNotify)
        {
            // Counted as sent even when delivery failed for good: it is logged, and a daily check must not retry it forever.
            undelivered += await NotifyStep.SendAsync(env, "budget.threshold_crossed", ThresholdTitle(env, threshold, actual), Details(actual, threshold), policies) ? 0 : 1;
            notified.Add(threshold);
        }
        _steps.Complete("notify", notified.Count == 0 ? "nothing new this month"
            : $"thresholds {string.Join(", ", notified)} %" + (undelivered > 0 ? $" ({undelivered} not delivered, see the worker log)" : string.Empty));
        var check = new CostCheckRecord(new DateTimeOffset(Workflow.UtcNow, TimeSpan.Zero), Workflow.Info.RunId, actual.MonthlyEur, actual.EstimateMonthlyEur, actual.MonthToDateEur, actual.ForecastEur,
            actual.BudgetEur, actual.BudgetUsedPercent, crossed, notified);
        var recorded = await _steps.RunAsync("record",
            () => Workflow.ExecuteActivityAsync((CostStateActivities a) => a.RecordCostCheckAsync(new(spec, month, check)), policies.Quick),
            s => $"{s.Checks.Count} checks kept");
        _steps.Phase = "done";
        return new CostCheckResult(env, actual, budget, crossed, notified, recorded.Checks);
    }

    private static string ThresholdTitle(string env, int threshold, ActualCost actual) =>
        $"{env} reached {threshold} % of its monthly budget: €{actual.MonthlyEur:F2} of €{actual.BudgetEur:F2}";

    private static Dictionary<string, string> Details(ActualCost actual, int threshold) => new()
    {
        ["threshold"] = $"{threshold} %",
        ["monthly cost"] = $"€{actual.MonthlyEur:F2}",
        ["budget"] = $"€{actual.BudgetEur:F2}",
        ["budget used"] = $"{actual.BudgetUsedPercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} %",
        ["estimate"] = $"€{actual.EstimateMonthlyEur:F2}",
        ["month to date"] = actual.MonthToDateEur is { } mtd ? $"€{mtd:F2}" : "unavailable",
        ["forecast"] = actual.ForecastEur is { } f ? $"€{f:F2}" : "unavailable",
    };
}
