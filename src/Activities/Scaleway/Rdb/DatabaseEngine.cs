namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A database engine (PostgreSQL, MySQL) and its versions.</summary>
public sealed record DatabaseEngine(string Name, string? LogoUrl, string? Region, IReadOnlyList<DatabaseEngineVersion>? Versions);
