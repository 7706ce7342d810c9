namespace CoderBootstrap.Activities.Scaleway;

/// <summary>One version of an engine; <see cref="Name"/> is what create requests take (e.g. PostgreSQL-15).</summary>
public sealed record DatabaseEngineVersion(string Version, string Name, DateTimeOffset? EndOfLife, bool Disabled, bool Beta);
