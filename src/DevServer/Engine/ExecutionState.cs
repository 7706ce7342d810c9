using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Update.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// Everything the server knows about one workflow run: its history plus the mutable state that
/// history alone does not hold (attempts, deadlines, buffered events, pending requests).
/// Serialized as a whole by the SQLite store; histories are stored as separate rows.
/// </summary>
public sealed class ExecutionState
{
    public string Namespace { get; set; } = string.Empty;
    public string WorkflowId { get; set; } = string.Empty;
    public string RunId { get; set; } = string.Empty;
    public string FirstRunId { get; set; } = string.Empty;
    public string WorkflowType { get; set; } = string.Empty;
    public string TaskQueue { get; set; } = string.Empty;
    public string StartRequestId { get; set; } = string.Empty;
    public WorkflowExecutionStatus Status { get; set; } = WorkflowExecutionStatus.Running;
    public DateTime StartTime { get; set; }
    public DateTime ExecutionTime { get; set; }
    public DateTime? CloseTime { get; set; }
    public Memo? Memo { get; set; }
    public SearchAttributes? SearchAttributes { get; set; }
    public TimeSpan WorkflowTaskTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public DateTime? RunExpiration { get; set; }
    public DateTime? ExecutionExpiration { get; set; }
    public string? NewExecutionRunId { get; set; }

    /// <summary>The latest run this one was reset to (set on the base run of a reset).</summary>
    public string? ResetRunId { get; set; }

    public DateTime? LastResetTime { get; set; }

    /// <summary>Start time of the run a reset copied this one from.</summary>
    public DateTime? OriginalStartTime { get; set; }
    public bool CancelRequested { get; set; }
    public ParentInfo? Parent { get; set; }

    /// <summary>Started event id of the last completed workflow task (the SDK's previous_started_event_id).</summary>
    public long LastCompletedStartedEventId { get; set; }

    public WorkflowTaskInfo? WorkflowTask { get; set; }

    /// <summary>The worker's sticky queue (its cache of this run): next tasks go there with only the new events.</summary>
    public string? StickyQueue { get; set; }

    public TimeSpan StickyScheduleToStartTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When set, the first workflow task waits until this time (start delay).</summary>
    public DateTime? FirstWorkflowTaskNotBefore { get; set; }

    public int NextWorkflowTaskAttempt { get; set; } = 1;

    /// <summary>Events that arrived while a workflow task was in flight; written after its completion.</summary>
    public List<HistoryEvent> Buffered { get; set; } = [];

    public Dictionary<long, ActivityInfo> Activities { get; set; } = [];
    public Dictionary<long, TimerInfo> Timers { get; set; } = [];
    public Dictionary<long, ChildInfo> Children { get; set; } = [];
    public Dictionary<long, ExternalRequestInfo> ExternalRequests { get; set; } = [];
    public Dictionary<string, UpdateInfo> Updates { get; set; } = [];

    /// <summary>Signal request ids already applied, so a retried signal is not delivered twice.</summary>
    public HashSet<string> SignalRequestIds { get; set; } = [];

    /// <summary>The history; persisted as rows, not in the state document.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<HistoryEvent> History { get; set; } = [];

    /// <summary>Number of history events already persisted.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int PersistedEventCount { get; set; }

    /// <summary>How many events <see cref="SizedBytes"/> covers (the encoded size of the history so far).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int SizedEventCount { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public long SizedBytes { get; set; }

    public long NextEventId => History.Count + 1;

    public bool IsRunning => Status == WorkflowExecutionStatus.Running;

    public ExecutionKey Key => new(Namespace, WorkflowId, RunId);
}

public readonly record struct ExecutionKey(string Namespace, string WorkflowId, string RunId);

public sealed class ParentInfo
{
    public string Namespace { get; set; } = string.Empty;
    public string WorkflowId { get; set; } = string.Empty;
    public string RunId { get; set; } = string.Empty;
    public long InitiatedEventId { get; set; }
    public ParentClosePolicy ClosePolicy { get; set; } = ParentClosePolicy.Terminate;
}

public sealed class WorkflowTaskInfo
{
    public long ScheduledEventId { get; set; }
    public long StartedEventId { get; set; }
    public int Attempt { get; set; } = 1;
    public string TaskQueue { get; set; } = string.Empty;
    public DateTime ScheduledTime { get; set; }
    public DateTime? StartedTime { get; set; }
    public bool Started => StartedEventId > 0;

    /// <summary>Queries to answer on this task (not persisted: their callers do not survive a restart).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<string> QueryIds { get; set; } = [];

    /// <summary>Update request message ids delivered with this task.</summary>
    public List<string> DeliveredUpdateIds { get; set; } = [];
}

public enum ActivityRunState
{
    Scheduled,
    Started,
    Backoff,
}

public sealed class ActivityInfo
{
    public long ScheduledEventId { get; set; }
    public string ActivityId { get; set; } = string.Empty;
    public string ActivityType { get; set; } = string.Empty;
    public string TaskQueue { get; set; } = string.Empty;
    public ActivityRunState State { get; set; }
    public int Attempt { get; set; } = 1;
    public DateTime ScheduledTime { get; set; }
    public DateTime CurrentAttemptScheduledTime { get; set; }
    public DateTime? StartedTime { get; set; }
    public DateTime? LastHeartbeatTime { get; set; }
    public DateTime? RetryAt { get; set; }
    public string? StartedIdentity { get; set; }
    public string? StartedRequestId { get; set; }
    public TimeSpan? ScheduleToCloseTimeout { get; set; }
    public TimeSpan? ScheduleToStartTimeout { get; set; }
    public TimeSpan? StartToCloseTimeout { get; set; }
    public TimeSpan? HeartbeatTimeout { get; set; }
    public RetryPolicy? RetryPolicy { get; set; }
    public Payloads? HeartbeatDetails { get; set; }
    public Temporalio.Api.Failure.V1.Failure? LastFailure { get; set; }
    public string? LastWorkerIdentity { get; set; }
    public bool CancelRequested { get; set; }
    public long CancelRequestedEventId { get; set; }

    /// <summary>Paused by an operator (PauseActivity): no new attempt is dispatched until unpaused.</summary>
    public bool Paused { get; set; }
    public DateTime? PausedTime { get; set; }
    public string? PausedBy { get; set; }
    public string? PauseReason { get; set; }

    /// <summary>Reset while an attempt was running: the next attempt is attempt 1.</summary>
    public bool ResetRequested { get; set; }
}

public sealed class TimerInfo
{
    public long StartedEventId { get; set; }
    public string TimerId { get; set; } = string.Empty;
    public DateTime FireTime { get; set; }
}

public sealed class ChildInfo
{
    public long InitiatedEventId { get; set; }
    public long StartedEventId { get; set; }
    public string Namespace { get; set; } = string.Empty;
    public string WorkflowId { get; set; } = string.Empty;
    public string RunId { get; set; } = string.Empty;
    public string WorkflowType { get; set; } = string.Empty;
    public ParentClosePolicy ClosePolicy { get; set; } = ParentClosePolicy.Terminate;
}

public sealed class ExternalRequestInfo
{
    public long InitiatedEventId { get; set; }
}

public sealed class UpdateInfo
{
    public string UpdateId { get; set; } = string.Empty;
    public Request? Request { get; set; }
    public string RequestMessageId { get; set; } = string.Empty;
    public UpdateWorkflowExecutionLifecycleStage Stage { get; set; } = UpdateWorkflowExecutionLifecycleStage.Admitted;
    public long AcceptedEventId { get; set; }
    public Outcome? Outcome { get; set; }
}
