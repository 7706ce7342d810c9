using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The approval gate of a run, for workflow code: waits, visibly in the status, for a decision
/// (the workflow's Decide update, or its Approve/Reject signals from the Temporal UI) or for its
/// timeout. The run's handlers call <see cref="Decide"/>, <see cref="Validate"/> and <see cref="Signal"/>.
/// </summary>
public sealed class ApprovalGate(string kind)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(24);

    private ApprovalDecision? _decision;

    public bool Awaiting { get; private set; }

    public string Decide(ApprovalDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        _decision = decision;
        return decision.Approved ? $"approved by {decision.By}" : $"rejected by {decision.By}";
    }

    public void Validate(string environment, ApprovalDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!Awaiting || _decision is not null)
        {
            throw new ApplicationFailureException($"{kind} of {environment} is not waiting for approval");
        }
        if (!decision.Approved && string.IsNullOrWhiteSpace(decision.Reason))
        {
            throw new ApplicationFailureException("a rejection needs a reason");
        }
    }

    public void Signal(ApprovalDecision decision)
    {
        if (Awaiting)
        {
            _decision ??= decision;
        }
    }

    /// <summary>
    /// Passes at once when not required or auto-approved; otherwise waits, after telling
    /// <paramref name="notify"/>'s channels (approval.waiting, with the command to approve). A
    /// rejection or timeout stops the run, <paramref name="untouched"/> says what was left alone.
    /// </summary>
    public async Task<ApprovalDecision?> PassAsync(StepTracker steps, string environment, string? why, bool autoApprove, TimeSpan? timeout, string untouched, RunNotifier? notify = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (why is null)
        {
            steps.Skip("approval", "not required");
            return null;
        }
        if (autoApprove)
        {
            steps.Complete("approval", $"auto-approved ({why})");
            return new ApprovalDecision(true, "auto-approve", null);
        }
        var phase = steps.Phase;
        steps.Phase = "awaiting approval";
        steps.Waiting("approval", $"{why}: run `starter approve --env={environment}` or `starter reject --env={environment} --reason ...`");
        Awaiting = true;
        var limit = timeout ?? DefaultTimeout;
        var deadline = Workflow.UtcNow + limit;
        if (notify is not null)
        {
            await notify.ApprovalWaitingAsync(why, limit);
        }
        // The timeout counts from the start of the wait, delivery time included.
        var left = deadline - Workflow.UtcNow;
        var decided = _decision is not null || await Workflow.WaitConditionAsync(() => _decision is not null, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
        Awaiting = false;
        steps.Phase = phase;
        if (!decided)
        {
            steps.Fail("approval", $"no decision within {limit}");
            throw new ApplicationFailureException($"approval of the {kind} of {environment} timed out after {limit}; {untouched}", "ApprovalTimedOut", nonRetryable: true);
        }
        if (!_decision!.Approved)
        {
            steps.Fail("approval", $"rejected by {_decision.By}: {_decision.Reason}");
            throw new ApplicationFailureException($"{kind} of {environment} rejected by {_decision.By}: {_decision.Reason}; {untouched}", "Rejected", nonRetryable: true);
        }
        steps.Complete("approval", $"approved by {_decision.By}");
        return _decision;
    }
}
