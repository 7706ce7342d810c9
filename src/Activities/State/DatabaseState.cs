namespace CoderBootstrap.Activities.State;

/// <summary>The managed PostgreSQL instance; the host is its private-network address.</summary>
public sealed record DatabaseState(
    string InstanceId,
    string Name,
    string Engine,
    string NodeType,
    bool HighAvailability,
    string Status,
    string? PrivateHost,
    int? PrivatePort,
    string DatabaseName,
    string UserName,
    string? CredentialsObjectKey,
    DateTimeOffset? ReadyAt);
