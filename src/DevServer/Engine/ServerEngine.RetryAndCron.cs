using CoderBootstrap.DevServer.Schedules;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// What follows a closed run besides nothing: a retry (the workflow's retry policy, after a failure or
/// a run timeout) or the next cron run. Both close the run with the new run's id in the close event
/// and start the next run of the same chain, as continue-as-new does.
/// </summary>
public sealed partial class ServerEngine
{
    /// <summary>Closes a run that completed, failed or timed out, chaining a retry or the next cron run when due.</summary>
    private void CloseWithRetryOrCron(ExecutionState ex, WorkflowExecutionStatus status, HistoryEvent closeEvent, Failure? failure, Payloads? result, bool discardBuffered)
    {
        var started = ex.History[0].WorkflowExecutionStartedEventAttributes;
        if (status is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.TimedOut)
        {
            var (state, backoff) = WorkflowRetryDecision(ex, failure);
            if (state != RetryState.RetryPolicyNotSet || status == WorkflowExecutionStatus.Failed)
            {
                SetRetryState(closeEvent, state);
            }
            if (state == RetryState.InProgress)
            {
                ChainNextRun(ex, closeEvent, status, NextRunAttributes(ex, ContinueAsNewInitiator.Retry, started.Attempt + 1, failure,
                    started.LastCompletionResult, backoff), discardBuffered);
                return;
            }
        }
        if (!string.IsNullOrEmpty(started.CronSchedule) && CronBackoff(started.CronSchedule, Now) is { } untilNext)
        {
            var lastResult = status == WorkflowExecutionStatus.Completed ? result : started.LastCompletionResult;
            ChainNextRun(ex, closeEvent, status, NextRunAttributes(ex, ContinueAsNewInitiator.CronSchedule, 1, failure, lastResult, untilNext),
                discardBuffered);
            return;
        }
        CloseRun(ex, status, closeEvent, discardBuffered);
    }

    /// <summary>Time from <paramref name="after"/> to the cron string's next time; null when the string is invalid or never matches.</summary>
    private static TimeSpan? CronBackoff(string cron, DateTime after)
    {
        try
        {
            var spec = new Temporalio.Api.Schedule.V1.ScheduleSpec();
            spec.CronString.Add(cron);
            return ScheduleSpecCalculator.GetNextTime(spec, after) is { } next ? next - after : null;
        }
        catch (ScheduleSpecException)
        {
            return null;
        }
    }

    /// <summary>The workflow retry policy's verdict on a failed or timed-out run, with the backoff before the next attempt.</summary>
    private (RetryState State, TimeSpan Backoff) WorkflowRetryDecision(ExecutionState ex, Failure? failure)
    {
        var started = ex.History[0].WorkflowExecutionStartedEventAttributes;
        if (started.RetryPolicy is not { } policy)
        {
            return (RetryState.RetryPolicyNotSet, TimeSpan.Zero);
        }
        if (failure?.ApplicationFailureInfo is { } app && (app.NonRetryable || policy.NonRetryableErrorTypes.Contains(app.Type)))
        {
            return (RetryState.NonRetryableFailure, TimeSpan.Zero);
        }
        var attempt = Math.Max(1, started.Attempt);
        if (policy.MaximumAttempts > 0 && attempt >= policy.MaximumAttempts)
        {
            return (RetryState.MaximumAttemptsReached, TimeSpan.Zero);
        }
        var initial = Positive(policy.InitialInterval) ?? DefaultInitialInterval;
        var coefficient = policy.BackoffCoefficient >= 1 ? policy.BackoffCoefficient : 2.0;
        var maximum = Positive(policy.MaximumInterval) ?? initial * 100;
        var backoff = Positive(failure?.ApplicationFailureInfo?.NextRetryDelay)
            ?? TimeSpan.FromMilliseconds(Math.Min(initial.TotalMilliseconds * Math.Pow(coefficient, attempt - 1), maximum.TotalMilliseconds));
        if (ex.ExecutionExpiration is { } expiration && Now + backoff >= expiration)
        {
            return (RetryState.Timeout, TimeSpan.Zero);
        }
        return (RetryState.InProgress, backoff);
    }

    private static void SetRetryState(HistoryEvent closeEvent, RetryState state)
    {
        switch (closeEvent.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes:
                closeEvent.WorkflowExecutionFailedEventAttributes.RetryState = state;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes:
                closeEvent.WorkflowExecutionTimedOutEventAttributes.RetryState = state;
                break;
        }
    }

    /// <summary>The started attributes of the next run of a retry or cron chain: same workflow, same input.</summary>
    private static WorkflowExecutionStartedEventAttributes NextRunAttributes(ExecutionState ex, ContinueAsNewInitiator initiator, int attempt,
        Failure? failure, Payloads? lastCompletionResult, TimeSpan backoff)
    {
        var started = ex.History[0].WorkflowExecutionStartedEventAttributes;
        var next = started.Clone();
        next.ContinuedExecutionRunId = ex.RunId;
        next.Initiator = initiator;
        next.ContinuedFailure = failure;
        next.LastCompletionResult = lastCompletionResult;
        next.Attempt = attempt;
        next.FirstWorkflowTaskBackoff = Duration.FromTimeSpan(backoff);
        next.Memo = ex.Memo;
        next.SearchAttributes = ex.SearchAttributes;
        next.WorkflowExecutionExpirationTime = null;
        next.ParentWorkflowNamespace = string.Empty;
        next.ParentWorkflowExecution = null;
        next.ParentInitiatedEventId = 0;
        return next;
    }

    /// <summary>Closes a run whose chain goes on (continue-as-new, retry, cron) and starts the next run in its place.</summary>
    private void ChainNextRun(ExecutionState ex, HistoryEvent closeEvent, WorkflowExecutionStatus status,
        WorkflowExecutionStartedEventAttributes nextAttributes, bool discardBuffered)
    {
        var parent = ex.Parent;
        var userMetadata = ex.History[0].UserMetadata;
        var next = CreateRun(ex.Namespace, ex.WorkflowId, Guid.NewGuid().ToString(), nextAttributes, Now, parent, ex.FirstRunId,
            ex.ExecutionExpiration, userMetadata);
        switch (closeEvent.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes:
                closeEvent.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId = next.RunId;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes:
                closeEvent.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId = next.RunId;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes:
                closeEvent.WorkflowExecutionFailedEventAttributes.NewExecutionRunId = next.RunId;
                break;
            case HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes:
                closeEvent.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId = next.RunId;
                break;
        }
        ex.NewExecutionRunId = next.RunId;
        CloseRun(ex, status, closeEvent, discardBuffered, notifyParent: false);
        ScheduleFirstWorkflowTask(next);
        if (parent is not null && FindRun(new ExecutionKey(parent.Namespace, parent.WorkflowId, parent.RunId)) is { } parentRun
            && parentRun.Children.TryGetValue(parent.InitiatedEventId, out var child))
        {
            child.RunId = next.RunId;
            MarkDirty(parentRun);
        }
    }
}
