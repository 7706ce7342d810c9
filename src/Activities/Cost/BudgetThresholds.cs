namespace CoderBootstrap.Activities.Cost;

/// <summary>Budget alert thresholds (percent of the monthly budget): which are crossed, which still need a notification.</summary>
public static class BudgetThresholds
{
    /// <summary>Every threshold the cost has reached (cost ≥ threshold % of the budget); none without a budget.</summary>
    public static IReadOnlyList<int> Crossed(decimal monthlyCost, decimal budget, IEnumerable<int> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return budget <= 0 ? [] : thresholds.Where(t => monthlyCost * 100 >= budget * t).Order().Distinct().ToList();
    }

    /// <summary>The crossed thresholds not yet notified this month: one notification per threshold per month.</summary>
    public static IReadOnlyList<int> ToNotify(IReadOnlyList<int> crossed, IEnumerable<int> alreadyNotified)
    {
        ArgumentNullException.ThrowIfNull(crossed);
        var sent = alreadyNotified.ToHashSet();
        return crossed.Where(t => !sent.Contains(t)).ToList();
    }

    /// <summary>Parses <c>--alert-threshold=80[,100]</c>: percentages 1..1000, each once.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value is < 1 or > 1000)
            {
                throw new ArgumentException($"--alert-threshold: '{part}' is not a percentage (1-1000); e.g. --alert-threshold=80,100");
            }
            if (values.Contains(value))
            {
                throw new ArgumentException($"--alert-threshold: {value} is listed twice");
            }
            values.Add(value);
        }
        return values.Order().ToList();
    }
}
