using CoderBootstrap.Activities.Contracts;

namespace CoderBootstrap.Workflows;

/// <summary>
/// A scale of an environment's node pool (<c>scale-&lt;env&gt;</c>): to <see cref="Nodes"/>, or
/// autoscaling within <see cref="MinNodes"/>..<see cref="MaxNodes"/> (<see cref="Autoscale"/>).
/// <see cref="AnalyzeOnly"/>: the cost analysis and recommendation only, nothing changed.
/// </summary>
public sealed record ScaleInput(
    string Environment,
    int? Nodes = null,
    bool Autoscale = false,
    int? MinNodes = null,
    int? MaxNodes = null,
    bool AnalyzeOnly = false,
    bool AutoApprove = false,
    TimeSpan? ApprovalTimeout = null,
    double? RetryScale = null)
{
    public ScaleTarget Target => new(Autoscale ? null : Nodes, Autoscale, Autoscale ? MinNodes : null, Autoscale ? MaxNodes : null);
}

/// <summary>The end of a scale: the analysis, what happened (analyzed, already, scaled), the pool after, the approval, the infra state version written.</summary>
public sealed record ScaleResult(
    string Environment,
    string Outcome,
    ScaleAnalysis Analysis,
    PoolSnapshot? PoolAfter,
    ApprovalDecision? Approval,
    long? InfraStateVersion,
    DateTime StartedAt,
    DateTime CompletedAt);
