using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CoderBootstrap.Activities.Cost;

/// <summary>
/// Renders cost estimates for `starter cost --env=dev|staging|prod|all --format=table|json|csv [--detailed]`.
/// Without <c>detailed</c> one row per environment; with it, every billed line too.
/// </summary>
public static class CostReport
{
    public static string Format(IReadOnlyList<CostEstimate> estimates, CostReportFormat format, bool detailed)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        return format switch
        {
            CostReportFormat.Table => FormatTable(estimates, detailed),
            CostReportFormat.Json => FormatJson(estimates, detailed),
            CostReportFormat.Csv => FormatCsv(estimates, detailed),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown cost report format"),
        };
    }

    /// <summary>Parses the --format option value (table, json, csv), case-insensitive.</summary>
    public static CostReportFormat ParseFormat(string text) =>
        text.ToLowerInvariant() switch
        {
            "table" => CostReportFormat.Table,
            "json" => CostReportFormat.Json,
            "csv" => CostReportFormat.Csv,
            _ => throw new ArgumentException($"unknown format '{text}'; allowed: table, json, csv", nameof(text)),
        };

    private static string Money(decimal amount) => CostCalculator.ToCents(amount).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string FormatTable(IReadOnlyList<CostEstimate> estimates, bool detailed)
    {
        var builder = new StringBuilder();
        var currency = estimates.FirstOrDefault()?.Currency ?? "EUR";
        if (detailed)
        {
            foreach (var estimate in estimates)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"{estimate.Environment}");
                var rows = estimate.Lines
                    .Select(l => new[] { l.Component, Number(l.Quantity), l.Unit, Money(l.UnitPrice), Money(l.MonthlyCost) })
                    .Append(["Total", string.Empty, string.Empty, string.Empty, Money(estimate.MonthlyTotal)])
                    .ToList();
                AppendAligned(builder, ["Component", "Quantity", "Unit", $"Unit price ({currency})", $"Monthly ({currency})"], rows, "  ");
                builder.AppendLine(CultureInfo.InvariantCulture, $"  Budget {Money(estimate.MonthlyBudget)} {currency} ({BudgetText(estimate)} used); annual {Money(estimate.AnnualTotal)} {currency}");
                builder.AppendLine();
            }
        }
        var summary = estimates
            .Select(e => new[] { e.Environment, Money(e.MonthlyTotal), Money(e.MonthlyBudget), BudgetText(e), Money(e.AnnualTotal) })
            .ToList();
        if (estimates.Count > 1)
        {
            summary.Add(["all", Money(estimates.Sum(e => e.MonthlyTotal)), Money(estimates.Sum(e => e.MonthlyBudget)), string.Empty, Money(estimates.Sum(e => e.AnnualTotal))]);
        }
        AppendAligned(builder, ["Environment", $"Monthly ({currency})", $"Budget ({currency})", "Budget used", $"Annual ({currency})"], summary, string.Empty);
        return builder.ToString();
    }

    private static string BudgetText(CostEstimate estimate) =>
        estimate.BudgetUsedPercent is { } percent
            ? percent.ToString("0.0", CultureInfo.InvariantCulture) + "%" + (estimate.WithinBudget ? string.Empty : " OVER BUDGET")
            : "no budget";

    private static void AppendAligned(StringBuilder builder, string[] header, IReadOnlyList<string[]> rows, string indent)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Row(string[] cells)
        {
            builder.Append(indent);
            for (var i = 0; i < cells.Length; i++)
            {
                // First column is text (left-aligned); the others are figures (right-aligned).
                builder.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
                builder.Append(i == cells.Length - 1 ? string.Empty : "  ");
            }
            builder.AppendLine();
        }
        Row(header);
        Row(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows)
        {
            Row(row);
        }
    }

    private static string FormatJson(IReadOnlyList<CostEstimate> estimates, bool detailed)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("currency", estimates.FirstOrDefault()?.Currency ?? "EUR");
            writer.WriteStartArray("environments");
            foreach (var estimate in estimates)
            {
                writer.WriteStartObject();
                writer.WriteString("environment", estimate.Environment);
                writer.WriteNumber("monthly_total", estimate.MonthlyTotal);
                writer.WriteNumber("annual_total", estimate.AnnualTotal);
                writer.WriteNumber("monthly_budget", estimate.MonthlyBudget);
                if (estimate.BudgetUsedPercent is { } percent)
                {
                    writer.WriteNumber("budget_used_percent", percent);
                }
                else
                {
                    writer.WriteNull("budget_used_percent");
                }
                writer.WriteBoolean("within_budget", estimate.WithinBudget);
                if (detailed)
                {
                    writer.WriteStartArray("lines");
                    foreach (var line in estimate.Lines)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("component", line.Component);
                        writer.WriteString("sku", line.Sku);
                        writer.WriteNumber("quantity", line.Quantity);
                        writer.WriteString("unit", line.Unit);
                        writer.WriteNumber("unit_price", line.UnitPrice);
                        writer.WriteNumber("monthly_cost", line.MonthlyCost);
                        writer.WriteString("source", line.Source);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteNumber("monthly_total", CostCalculator.ToCents(estimates.Sum(e => e.MonthlyTotal)));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static string FormatCsv(IReadOnlyList<CostEstimate> estimates, bool detailed)
    {
        var builder = new StringBuilder();
        if (detailed)
        {
            builder.AppendLine("environment,component,sku,quantity,unit,unit_price_eur,monthly_eur");
            foreach (var estimate in estimates)
            {
                foreach (var line in estimate.Lines)
                {
                    builder.AppendLine(string.Join(',', Csv(estimate.Environment), Csv(line.Component), Csv(line.Sku), Number(line.Quantity), Csv(line.Unit), Money(line.UnitPrice), Money(line.MonthlyCost)));
                }
                builder.AppendLine(string.Join(',', Csv(estimate.Environment), "total", string.Empty, string.Empty, string.Empty, string.Empty, Money(estimate.MonthlyTotal)));
            }
            return builder.ToString();
        }
        builder.AppendLine("environment,monthly_eur,budget_eur,budget_used_percent,annual_eur");
        foreach (var estimate in estimates)
        {
            var percent = estimate.BudgetUsedPercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? string.Empty;
            builder.AppendLine(string.Join(',', Csv(estimate.Environment), Money(estimate.MonthlyTotal), Money(estimate.MonthlyBudget), percent, Money(estimate.AnnualTotal)));
        }
        return builder.ToString();
    }

    private static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
