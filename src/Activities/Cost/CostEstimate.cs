namespace CoderBootstrap.Activities.Cost;

/// <summary>The monthly cost of one environment, line by line, against its budget.</summary>
public sealed record CostEstimate(string Environment, string Currency, IReadOnlyList<CostLine> Lines, decimal MonthlyBudget)
{
    public decimal MonthlyTotal => CostCalculator.ToCents(Lines.Sum(l => l.MonthlyCost));

    public decimal AnnualTotal => CostCalculator.ToCents(MonthlyTotal * 12);

    /// <summary>Share of the budget used, in percent with one decimal; null when the budget is zero.</summary>
    public decimal? BudgetUsedPercent => MonthlyBudget == 0 ? null : Math.Round(MonthlyTotal * 100 / MonthlyBudget, 1, MidpointRounding.AwayFromZero);

    public bool WithinBudget => MonthlyTotal <= MonthlyBudget;
}
