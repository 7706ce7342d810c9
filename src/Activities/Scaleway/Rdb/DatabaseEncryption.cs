namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Encryption at rest of a database instance.</summary>
public sealed record DatabaseEncryption(bool Enabled);
