namespace CoderBootstrap.Activities.State;

/// <summary>The Kapsule cluster and its pool as last seen.</summary>
public sealed record ClusterState(
    string ClusterId,
    string Name,
    string Version,
    string Cni,
    string Status,
    string? ApiServerUrl,
    string? DnsWildcard,
    string PoolId,
    string NodeType,
    int NodeCount,
    DateTimeOffset? ReadyAt);
