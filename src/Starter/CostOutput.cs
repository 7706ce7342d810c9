using System.Globalization;
using System.Text;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Workflows;

namespace CoderBootstrap.Starter;

/// <summary>Table, JSON and CSV renderings of the cost commands' results (the estimate's are <see cref="CostReport"/>'s).</summary>
internal static class CostOutput
{
    private static string Money(decimal? amount) => amount is { } a ? CostCalculator.ToCents(a).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Percent(decimal? percent) => percent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-";

    private static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    public static string Actual(CostCheckResult result, CostReportFormat format, bool detailed)
    {
        var a = result.Actual;
        switch (format)
        {
            case CostReportFormat.Json:
                return StarterCommands.ToJson(new
                {
                    environment = a.Environment,
                    currency = a.Currency,
                    actual_monthly = a.MonthlyEur,
                    estimate_monthly = a.EstimateMonthlyEur,
                    difference = CostCalculator.ToCents(a.MonthlyEur - a.EstimateMonthlyEur),
                    budget = a.BudgetEur,
                    budget_used_percent = a.BudgetUsedPercent,
                    thresholds = a.Thresholds,
                    thresholds_crossed = result.ThresholdsCrossed,
                    month_to_date = a.MonthToDateEur,
                    forecast = a.ForecastEur,
                    billing = a.BillingNote,
                    pool = a.Pool,
                    lines = a.Lines.Select(l => new { component = l.Component, sku = l.Sku, quantity = l.Quantity, unit_price = l.UnitPrice, monthly_cost = l.MonthlyCost }),
                }) + Environment.NewLine;
            case CostReportFormat.Csv:
                var csv = new StringBuilder("environment,component,sku,quantity,unit_price_eur,monthly_eur\n");
                foreach (var line in a.Lines)
                {
                    csv.AppendLine(string.Join(',', a.Environment, Csv(line.Component), Csv(line.Sku), line.Quantity.ToString("0.##", CultureInfo.InvariantCulture), Money(line.UnitPrice), Money(line.MonthlyCost)));
                }
                csv.AppendLine(CultureInfo.InvariantCulture, $"{a.Environment},actual total,,,,{Money(a.MonthlyEur)}");
                csv.AppendLine(CultureInfo.InvariantCulture, $"{a.Environment},estimate total,,,,{Money(a.EstimateMonthlyEur)}");
                return csv.ToString();
            default:
                var text = new StringBuilder();
                text.AppendLine(CultureInfo.InvariantCulture, $"{a.Environment}: what exists now ({a.DescribedAt:yyyy-MM-dd HH:mm} UTC)");
                if (!a.Exists)
                {
                    text.AppendLine("  nothing is deployed");
                }
                var width = a.Lines.Count == 0 ? 10 : a.Lines.Max(l => l.Component.Length);
                foreach (var line in a.Lines)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {line.Component.PadRight(width)}  {Money(line.MonthlyCost),9} {a.Currency}");
                }
                text.AppendLine(CultureInfo.InvariantCulture, $"  {"Actual".PadRight(width)}  {Money(a.MonthlyEur),9} {a.Currency}/month");
                text.AppendLine(CultureInfo.InvariantCulture, $"  {"Estimate (spec)".PadRight(width)}  {Money(a.EstimateMonthlyEur),9} {a.Currency}/month ({(a.MonthlyEur >= a.EstimateMonthlyEur ? "+" : "")}{Money(a.MonthlyEur - a.EstimateMonthlyEur)})");
                text.AppendLine(CultureInfo.InvariantCulture, $"  Budget {Money(a.BudgetEur)} {a.Currency}: {Percent(a.BudgetUsedPercent)} % used; thresholds {string.Join("/", a.Thresholds)} % (crossed: {(result.ThresholdsCrossed.Count == 0 ? "none" : string.Join(", ", result.ThresholdsCrossed))})");
                text.AppendLine(a.MonthToDateEur is null
                    ? $"  Month to date: unavailable ({a.BillingNote})"
                    : $"  Month to date {Money(a.MonthToDateEur)} {a.Currency}, forecast {Money(a.ForecastEur)} {a.Currency} at month end ({a.BillingNote})");
                return text.ToString();
        }
    }

    public static string Budget(BudgetSetting budget, CostReportFormat format) => format switch
    {
        CostReportFormat.Json => StarterCommands.ToJson(new { environment = budget.Environment, budget = budget.BudgetEur, thresholds = budget.Thresholds, kept_in_state = true }) + Environment.NewLine,
        CostReportFormat.Csv => $"environment,budget_eur,thresholds\n{budget.Environment},{Money(budget.BudgetEur)},{string.Join(' ', budget.Thresholds)}\n",
        _ => $"budget of {budget.Environment}: {Money(budget.BudgetEur)} EUR/month, alerts at {string.Join(", ", budget.Thresholds.Select(t => $"{t} % ({Money(budget.BudgetEur * t / 100)} EUR)"))}; kept with the environment's state\n",
    };

    public static string History(CostCheckResult result, CostReportFormat format)
    {
        var checks = result.History;
        switch (format)
        {
            case CostReportFormat.Json:
                return StarterCommands.ToJson(new { environment = result.Environment, checks }) + Environment.NewLine;
            case CostReportFormat.Csv:
                var csv = new StringBuilder("checked_at,actual_eur,estimate_eur,month_to_date_eur,forecast_eur,budget_eur,budget_used_percent,crossed,notified\n");
                foreach (var c in checks)
                {
                    csv.AppendLine(string.Join(',', c.CheckedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Money(c.ActualMonthlyEur), Money(c.EstimateMonthlyEur),
                        Money(c.MonthToDateEur), Money(c.ForecastEur), Money(c.BudgetEur), Percent(c.BudgetUsedPercent), string.Join(' ', c.ThresholdsCrossed), string.Join(' ', c.Notified)));
                }
                return csv.ToString();
            default:
                var text = new StringBuilder($"cost checks of {result.Environment}: {checks.Count}\n");
                text.AppendLine("Checked (UTC)       Actual (EUR)  Budget (EUR)  Used    Notified");
                foreach (var c in checks)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"{c.CheckedAt.UtcDateTime:yyyy-MM-dd HH:mm}  {Money(c.ActualMonthlyEur),12}  {Money(c.BudgetEur),12}  {Percent(c.BudgetUsedPercent),5} %  {(c.Notified.Count == 0 ? "-" : string.Join(", ", c.Notified.Select(t => $"{t} %")))}");
                }
                return text.ToString();
        }
    }

    public static string Changes(IReadOnlyList<PriceChange> changes, string path, string source, DateOnly date, CostReportFormat format)
    {
        switch (format)
        {
            case CostReportFormat.Json:
                return StarterCommands.ToJson(new
                {
                    written = path,
                    source,
                    date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    changes = changes.Select(c => new { sku = c.Sku, kind = CatalogRefresh.KindName(c.Kind), old_price = c.OldPrice, new_price = c.NewPrice, outcome = c.Outcome }),
                }) + Environment.NewLine;
            case CostReportFormat.Csv:
                var csv = new StringBuilder("sku,kind,old_monthly_eur,new_monthly_eur,outcome\n");
                foreach (var c in changes)
                {
                    csv.AppendLine(string.Join(',', c.Sku, CatalogRefresh.KindName(c.Kind), c.OldPrice.ToString(CultureInfo.InvariantCulture),
                        c.NewPrice?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Csv(c.Outcome)));
                }
                return csv.ToString();
            default:
                var text = new StringBuilder($"prices of {source} on {date:yyyy-MM-dd} written to {path}\n");
                var changed = changes.Count(c => c.Outcome == "changed");
                text.AppendLine(CultureInfo.InvariantCulture, $"{changed} changed, {changes.Count(c => c.Outcome == "unchanged")} unchanged, {changes.Count(c => c.NewPrice is null)} not listed (kept)");
                foreach (var c in changes)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {c.Sku,-14} {c.OldPrice.ToString("0.00##", CultureInfo.InvariantCulture),9} -> {(c.NewPrice?.ToString("0.00##", CultureInfo.InvariantCulture) ?? "-"),9}  {c.Outcome}");
                }
                return text.ToString();
        }
    }
}
