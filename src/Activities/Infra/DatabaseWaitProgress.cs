namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// Heartbeat details of <see cref="InfraActivities.WaitForDatabaseReadyAsync"/>: what the last poll
/// saw. A new attempt (after a worker restart) continues from here instead of starting over.
/// </summary>
public sealed record DatabaseWaitProgress(
    string InstanceId,
    DateTimeOffset StartedAt,
    int Polls,
    string InstanceStatus,
    bool DatabaseReady,
    DateTimeOffset LastPolledAt);
