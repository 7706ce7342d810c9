using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Contracts;

// Inputs and outputs of the teardown activities: ids, names, statuses and figures, never a secret.

/// <summary>
/// What an environment has: what its state documents record and what exists tagged
/// <c>managed-by=coder-bootstrap, env=&lt;env&gt;</c> (orphans of interrupted runs included), with the monthly cost it bills.
/// </summary>
public sealed record TeardownInventory(
    string Environment,
    IReadOnlyList<InventoryItem> Items,
    decimal MonthlyCostEur,
    bool CoderDeployed,
    string? CoderClusterId,
    string StateBucket,
    bool StateExists,
    bool KubeconfigPublished)
{
    /// <summary>Nothing bills and nothing of Coder is deployed: a teardown has nothing to do.</summary>
    [JsonIgnore]
    public bool IsEmpty => Items.Count == 0 && !CoderDeployed;

    public IReadOnlyList<string> IdsOf(string kind) => Items.Where(i => i.Kind == kind).Select(i => i.Id).Distinct().ToList();
}

/// <summary>One resource of the inventory; <see cref="Orphan"/> when it is tagged with the environment but no state records it.</summary>
public sealed record InventoryItem(string Kind, string Id, string Name, string Status, bool Recorded, bool Orphan, decimal MonthlyEur);

/// <summary>One resource a teardown step makes sure is gone.</summary>
public sealed record TeardownTarget(SpecSnapshot Snapshot, string ResourceId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

/// <summary>A resource that is gone: whether it was still there when the step began, and how many polls the wait took.</summary>
public sealed record ResourceGone(string Kind, string Id, bool WasPresent, int Polls);

/// <summary>Coder's part of an environment on a cluster: its namespace, with its workspaces and load balancer.</summary>
public sealed record CoderTeardownInput(SpecSnapshot Snapshot, string ClusterId) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

public sealed record CoderRemoved(string Namespace, bool WasPresent, int WorkspacePods, int Volumes, IReadOnlyList<string> LoadBalancers);

/// <summary>The state documents' final version once the environment (or only Coder) is gone.</summary>
public sealed record RecordDestroyedInput(SpecSnapshot Snapshot, bool CoderOnly) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

public sealed record StateDestroyed(string Bucket, long? InfraVersion, long? CoderVersion);

public sealed record StatePurged(string Bucket, int ObjectsDeleted, bool BucketDeleted);
