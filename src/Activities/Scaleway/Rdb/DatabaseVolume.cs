namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Storage of a database instance; size in bytes.</summary>
public sealed record DatabaseVolume(string Type, long Size, string? Class);
