namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A user of a database instance.</summary>
public sealed record DatabaseUser(string Name, bool IsAdmin);
