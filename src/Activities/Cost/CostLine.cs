namespace CoderBootstrap.Activities.Cost;

/// <summary>One billed component of an environment: quantity x unit price = monthly cost (EUR).</summary>
public sealed record CostLine(string Component, string Sku, decimal Quantity, string Unit, decimal UnitPrice, decimal MonthlyCost, string Source);
