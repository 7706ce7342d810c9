namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A logical database inside an instance; size in bytes.</summary>
public sealed record Database(string Name, string? Owner, bool Managed, long Size);
