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
    HooksSpec? Hooks = null,
    BackupPolicySpec? Backups = null,
    IReadOnlyList<int>? BudgetAlertThresholds = null,
    string? CostCheckCron = null,
    bool ApplySchedulesOnSetup = false)
{
    /// <summary>When the scheduled cost check (<c>cost-&lt;env&gt;</c>) runs without <c>cost_check.cron</c> in the spec: daily at 06:00 UTC.</summary>
    public const string DefaultCostCheckCron = "0 6 * * *";

    /// <summary>The backup policy of the spec, or the defaults when it has no <c>backup:</c> section.</summary>
    [JsonIgnore]
    public BackupPolicySpec BackupPolicy => Backups ?? BackupPolicySpec.Default;

    /// <summary>Budget alert thresholds (percent of <see cref="MonthlyBudgetEur"/>) when the spec names none.</summary>
    public static readonly IReadOnlyList<int> DefaultBudgetAlertThresholds = [80, 100];

    /// <summary>The spec's budget alert thresholds, or the defaults.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> AlertThresholds => BudgetAlertThresholds ?? DefaultBudgetAlertThresholds;

    /// <summary>Tags put on every Scaleway resource of this environment, used to find them again before creating anything.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ResourceTags => ["managed-by=coder-bootstrap", $"env={Name}"];

    /// <summary>Object storage bucket holding this environment's state documents and kubeconfig.</summary>
    [JsonIgnore]
    public string StateBucketName => $"terraform-state-coder-{Name}";
}
