using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The approval handlers of a run with an <see cref="ApprovalGate"/>: the Decide update the
/// Starter's approve/reject use, its validator, the Approve/Reject signals of the Temporal UI and
/// the AwaitingApproval query. A derived workflow sets <see cref="Environment"/> first and passes
/// its run through <see cref="Approval"/>.
/// </summary>
public abstract class ApprovalGatedWorkflow(string kind)
{
    protected ApprovalGate Approval { get; } = new(kind);

    protected string Environment { get; set; } = string.Empty;

    [WorkflowQuery]
    public bool AwaitingApproval => Approval.Awaiting;

    [WorkflowUpdate]
    public Task<string> DecideAsync(ApprovalDecision decision) => Task.FromResult(Approval.Decide(decision));

    [WorkflowUpdateValidator(nameof(DecideAsync))]
    public void ValidateDecide(ApprovalDecision decision) => Approval.Validate(Environment, decision);

    [WorkflowSignal]
    public Task ApproveAsync(string by)
    {
        Approval.Signal(new ApprovalDecision(true, by, null));
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task RejectAsync(string reason)
    {
        Approval.Signal(new ApprovalDecision(false, "temporal-ui", reason));
        return Task.CompletedTask;
    }
}
