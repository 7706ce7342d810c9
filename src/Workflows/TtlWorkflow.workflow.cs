using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The TTL of a review environment (<c>ttl-&lt;env&gt;</c>): a durable timer until the deadline —
/// moved by <see cref="ExtendAsync"/>, stopped by <see cref="CancelAsync"/> — then the teardown
/// with its pre-destroy backup as a child. It only waits, so its kind is not one that holds the
/// environment: a backup or a manual teardown runs meanwhile.
/// </summary>
[Workflow]
public sealed class TtlWorkflow
{
    public const string Waiting = "waiting";
    private readonly string _environment;
    private DateTime _deadline;
    private bool _cancelled;
    private string _state = Waiting;

    [WorkflowInit]
    public TtlWorkflow(TtlInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _environment = input.Environment;
        _deadline = input.Deadline;
    }

    [WorkflowQuery]
    public TtlStatus Status => new(_environment, _deadline, _state);

    /// <summary>Moves the deadline later by <paramref name="by"/> and answers the new deadline.</summary>
    [WorkflowUpdate]
    public Task<DateTime> ExtendAsync(TimeSpan by)
    {
        _deadline += by;
        return Task.FromResult(_deadline);
    }

    [WorkflowUpdateValidator(nameof(ExtendAsync))]
    public void ValidateExtend(TimeSpan by)
    {
        RequireWaiting();
        if (by <= TimeSpan.Zero)
        {
            throw new ApplicationFailureException("an extension must be positive");
        }
    }

    /// <summary>Stops the timer: the environment stays until it is torn down by hand.</summary>
    [WorkflowUpdate]
    public Task<string> CancelAsync()
    {
        _cancelled = true;
        return Task.FromResult($"TTL of {_environment} cancelled; the environment stays (tear it down with `starter run teardown --env={_environment} --confirm`)");
    }

    [WorkflowUpdateValidator(nameof(CancelAsync))]
    public void ValidateCancel() => RequireWaiting();

    [WorkflowRun]
    public async Task<TtlResult> RunAsync(TtlInput input)
    {
        while (!_cancelled && _deadline > Workflow.UtcNow)
        {
            var deadline = _deadline;
            await Workflow.WaitConditionAsync(() => _cancelled || _deadline != deadline, deadline - Workflow.UtcNow);
        }
        if (_cancelled)
        {
            _state = "cancelled";
            return new(_environment, _state, _deadline, null);
        }

        _state = "tearing down";
        // The deadline is the confirmation: a review environment's teardown skips the approval gate — never prod's.
        var teardownInput = new TeardownInput(_environment, AutoApprove: _environment != "prod", RetentionDays: input.RetentionDays, RetryScale: input.RetryScale);
        var teardown = await Workflow.ExecuteChildWorkflowAsync((TeardownWorkflow w) => w.RunAsync(teardownInput),
            new() { Id = WorkflowNames.Teardown(_environment) });
        _state = "torn down";
        return new(_environment, _state, _deadline, teardown);
    }

    private void RequireWaiting()
    {
        if (_state != Waiting || _cancelled)
        {
            throw new ApplicationFailureException($"the TTL of {_environment} is no longer waiting ({(_cancelled ? "cancelled" : _state)})");
        }
    }
}
