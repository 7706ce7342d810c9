namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Heartbeat details of <see cref="InfraActivities.WaitForClusterReadyAsync"/>: what the last poll
/// saw. A new attempt (after a worker restart) continues from here instead of starting over.
/// </summary>
public sealed record ClusterWaitProgress(
    string ClusterId,
    DateTimeOffset StartedAt,
    int Polls,
    string ClusterStatus,
    string? PoolStatus,
    int NodesReady,
    int NodesTotal,
    DateTimeOffset LastPolledAt);
