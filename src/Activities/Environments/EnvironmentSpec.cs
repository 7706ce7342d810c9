using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Environments;

/// <summary>One deployable environment (dev, staging, prod) as described by deploy/environments/&lt;name&gt;.yaml.</summary>
public sealed record EnvironmentSpec(
    string Name,
    string Description,
    string Region,
    string Zone,
    NetworkSpec Network,
    KubernetesSpec Kubernetes,
    DatabaseSpec Database,
    SecuritySpec Security,
    MonitoringSpec Monitoring,
    LoadBalancerSpec LoadBalancer,
    StorageSpec Storage,
    CoderSpec Coder,
    IReadOnlyList<string> Templates,
    bool ApprovalRequired,
    decimal MonthlyBudgetEur,
    HooksSpec? Hooks = null)
{
    /// <summary>Tags put on every Scaleway resource of this environment, used to find them again before creating anything.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ResourceTags => ["managed-by=coder-bootstrap", $"env={Name}"];

    /// <summary>Object storage bucket holding this environment's state documents and kubeconfig.</summary>
    [JsonIgnore]
    public string StateBucketName => $"terraform-state-coder-{Name}";
}
