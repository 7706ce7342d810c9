using CoderBootstrap.Activities.Contracts;

namespace CoderBootstrap.Workflows;

/// <summary>A phase run by a setup gets the setup's spec snapshot; a phase started on its own loads one first.</summary>
/// <param name="RetryScale">Multiplies the activity retry intervals (see <see cref="ActivityPolicies"/>); null is 1.</param>
public sealed record InfraPhaseInput(string Environment, SpecSnapshot? Snapshot = null, double? RetryScale = null);

public sealed record InfraPhaseResult(string Environment, NetworkRef Network, ClusterReady Cluster, DatabaseReady Database,
    KubeconfigRef Kubeconfig, StateRecorded State, DateTime StartedAt, DateTime CompletedAt)
{
    /// <summary>What phase 2 needs of this phase, as the infra state document records it: handed forward, never read back.</summary>
    public InfraOutputs Outputs() => new(Environment, Cluster.ClusterId, Network.PrivateNetworkId, Database.InstanceId,
        Database.Host, Database.Port, Database.DatabaseName, Database.UserName, Database.CredentialsObjectKey, Kubeconfig.ObjectKey);
}

/// <summary>Run by a setup, phase 2 gets the spec snapshot and the phase-1 outputs; started on its own, it loads and reads them first.</summary>
/// <param name="RetryScale">Multiplies the activity retry intervals (see <see cref="ActivityPolicies"/>); null is 1.</param>
public sealed record CoderPhaseInput(string Environment, string? OnlyTemplate = null, SpecSnapshot? Snapshot = null, InfraOutputs? Infra = null,
    double? RetryScale = null);

public sealed record CoderPhaseResult(string Environment, CoderEndpoint Endpoint, FirstAdmin Admin, IReadOnlyList<TemplatePushed> Templates,
    StateRecorded State, DateTime StartedAt, DateTime CompletedAt);

/// <param name="RetryScale">
/// Multiplies the activity retry intervals of this run and its phases (tests on a sandbox with
/// scaled-down delays; <see cref="Activities.Runtime.CoderBootstrapOptions.RetryIntervalScale"/>); null is 1.
/// </param>
public sealed record SetupInput(string Environment, bool AutoApprove = false, bool DryRun = false, string? OnlyTemplate = null,
    TimeSpan? ApprovalTimeout = null, double? RetryScale = null);

public sealed record ApprovalDecision(bool Approved, string By, string? Reason);

/// <summary>The end of a setup: where Coder is, where the kubeconfig is, what it costs, how long each phase took.</summary>
public sealed record SetupResult(
    string Environment,
    string Outcome,
    InfraPlan Plan,
    string? CoderUrl,
    KubeconfigRef? Kubeconfig,
    ApprovalDecision? Approval,
    IReadOnlyDictionary<string, TimeSpan> PhaseDurations,
    HealthReport? Health,
    bool InfraAdopted);
