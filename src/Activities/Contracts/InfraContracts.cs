using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Contracts;

// Inputs and outputs of the phase-1 activities. They travel through workflow histories, so they
// hold names, ids, endpoints and figures — never a secret (keys, passwords, kubeconfig content).

/// <summary>What a setup would do: what exists (adopted), what would be created, and what it costs per month.</summary>
public sealed record InfraPlan(
    string Environment,
    string Region,
    IReadOnlyList<PlannedResource> Resources,
    decimal MonthlyCostEur,
    IReadOnlyList<PlannedCost> CostLines,
    decimal MonthlyBudgetEur,
    bool ApprovalRequired);

public sealed record PlannedResource(string Kind, string Name, PlannedAction Action, string? ExistingId);

public enum PlannedAction
{
    Create,
    Adopt,
}

public sealed record PlannedCost(string Item, decimal Quantity, decimal UnitPriceEur, decimal MonthlyEur);

public sealed record NetworkRef(string PrivateNetworkId, string? VpcId, string Cidr);

public sealed record EnsureClusterInput(SpecSnapshot Snapshot, string PrivateNetworkId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}


public sealed record ClusterRef(string ClusterId, string PoolId, bool Created);

/// <summary>Where a long wait starts; the activity resumes from its heartbeat after a worker restart.</summary>
public sealed record WaitForClusterInput(SpecSnapshot Snapshot, string ClusterId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}


public sealed record ClusterReady(string ClusterId, string Name, string Version, string Cni, string? ApiServerUrl, string PoolId, string NodeType, int NodeCount, DateTimeOffset ReadyAt);

public sealed record EnsureDatabaseInput(SpecSnapshot Snapshot, string PrivateNetworkId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}


public sealed record DatabaseRef(string InstanceId, bool Created);

public sealed record WaitForDatabaseInput(SpecSnapshot Snapshot, string InstanceId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}


/// <summary>The ready database; its password stays in the credentials object named here.</summary>
public sealed record DatabaseReady(string InstanceId, string Name, string Engine, string NodeType, bool HighAvailability,
    string Host, int Port, string DatabaseName, string UserName, string CredentialsObjectKey, DateTimeOffset ReadyAt);

public sealed record PublishKubeconfigInput(SpecSnapshot Snapshot, string ClusterId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}


/// <summary>Where the kubeconfig was stored (private object); a presigned URL is made on demand by whoever may read it.</summary>
public sealed record KubeconfigRef(string Bucket, string ObjectKey, DateTimeOffset PublishedAt);

public sealed record RecordInfraStateInput(SpecSnapshot Snapshot, NetworkRef Network, ClusterReady? Cluster, DatabaseReady? Database, KubeconfigRef? Kubeconfig)
    : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}


public sealed record StateRecorded(string Bucket, string ObjectKey, long Version);
