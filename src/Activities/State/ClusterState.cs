namespace CoderBootstrap.Activities.State;

/// <summary>
/// The Kapsule cluster and its pool as last seen. <see cref="DesiredNodeCount"/>, <see cref="MinNodes"/>
/// and <see cref="MaxNodes"/>: what the last scale asked for (null until one ran), what drift checks compare against.
/// </summary>
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
    DateTimeOffset? ReadyAt,
    int? DesiredNodeCount = null,
    int? MinNodes = null,
    int? MaxNodes = null);
