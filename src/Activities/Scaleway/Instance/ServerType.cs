namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A commercial server type and its public prices (EUR, excluding VAT); ram in bytes.</summary>
public sealed record ServerType(
    decimal? MonthlyPrice,
    decimal? HourlyPrice,
    int Ncpus,
    long Ram,
    string? Arch,
    IReadOnlyList<string>? AltNames,
    int? Gpu,
    string? EndOfService);
