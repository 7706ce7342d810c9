namespace CoderBootstrap.Activities.Cost;

/// <summary>One monthly list price (EUR, excluding VAT) with where it comes from and when it was checked.</summary>
public sealed record CatalogPrice(string Sku, PriceKind Kind, string Unit, decimal MonthlyPrice, string Source, DateOnly CheckedOn);
