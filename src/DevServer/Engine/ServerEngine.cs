using CoderBootstrap.DevServer.Persistence;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// The state machine of the embedded server: namespaces, workflow runs and their histories, task
/// queues, timers and schedules. Every mutation happens under one lock and is committed to the
/// store before the lock is released, so a crash never leaves half an operation behind.
/// </summary>
public sealed partial class ServerEngine : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly IServerStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Matching _matching = new();
    private readonly TimerQueue _timers;
    private readonly Dictionary<string, NamespaceRecord> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string RunId), ExecutionState> _runs = [];
    private readonly Dictionary<(string Namespace, string WorkflowId), ExecutionState> _currentRuns = [];
    private readonly Dictionary<(string Namespace, string RunId), List<TaskCompletionSource>> _changeWaiters = [];
    private readonly HashSet<ExecutionState> _dirty = [];
    private readonly HashSet<ScheduleEntry> _dirtySchedules = [];
    private readonly List<(string, string)> _deletedSchedules = [];
    private readonly List<(string Namespace, string RunId)> _changed = [];

    public ServerEngine(IServerStore store, TimeProvider time, ILogger logger, IEnumerable<string> namespaces,
        IReadOnlyDictionary<string, IndexedValueType>? searchAttributes = null)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _timers = new TimerQueue(time, e => _logger.LogError(e, "Timer callback failed"));
        var stored = store.Load();
        foreach (var ns in stored.Namespaces)
        {
            _namespaces[ns.Name] = ns;
        }
        foreach (var name in namespaces.Prepend("default"))
        {
            if (!_namespaces.ContainsKey(name))
            {
                var record = new NamespaceRecord(name, Guid.NewGuid().ToString(), TimeSpan.FromDays(1), string.Empty);
                _namespaces[name] = record;
                store.SaveNamespace(record);
            }
        }
        if (searchAttributes is { Count: > 0 })
        {
            foreach (var name in _namespaces.Keys.ToList())
            {
                var missing = searchAttributes.Where(a => !_namespaces[name].CustomSearchAttributes.ContainsKey(a.Key))
                    .ToDictionary(a => a.Key, a => a.Value);
                if (missing.Count > 0)
                {
                    AddSearchAttributes(name, missing);
                }
            }
        }
        lock (_gate)
        {
            var executions = stored.Executions.Select(ExecutionReplay.Restore).ToList();
            stored = stored with { Executions = executions };
            foreach (var execution in stored.Executions)
            {
                _runs[(execution.Namespace, execution.RunId)] = execution;
            }
            foreach (var execution in stored.Executions.OrderBy(e => e.StartTime))
            {
                if (!_currentRuns.TryGetValue((execution.Namespace, execution.WorkflowId), out var current)
                    || current.StartTime <= execution.StartTime)
                {
                    _currentRuns[(execution.Namespace, execution.WorkflowId)] = execution;
                }
            }
            foreach (var schedule in stored.Schedules)
            {
                _schedules[(schedule.Namespace, schedule.ScheduleId)] = schedule;
            }
            foreach (var execution in stored.Executions.Where(e => e.IsRunning))
            {
                Rearm(execution);
            }
            foreach (var schedule in stored.Schedules)
            {
                ArmSchedule(schedule);
            }
        }
        _timers.Start();
    }

    public IReadOnlyCollection<string> Namespaces
    {
        get
        {
            lock (_gate)
            {
                return _namespaces.Keys.ToList();
            }
        }
    }

    internal DateTime Now => _time.GetUtcNow().UtcDateTime;

    public NamespaceRecord DescribeNamespace(string ns)
    {
        lock (_gate)
        {
            return RequireNamespace(ns);
        }
    }

    public NamespaceRecord RegisterNamespace(string name, TimeSpan retention, string description)
    {
        lock (_gate)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw ServerErrors.InvalidArgument("Namespace is not set on request.");
            }
            if (_namespaces.ContainsKey(name))
            {
                throw ServerErrors.NamespaceAlreadyExists(name);
            }
            var record = new NamespaceRecord(name, Guid.NewGuid().ToString(), retention, description);
            _namespaces[name] = record;
            _store.SaveNamespace(record);
            return record;
        }
    }

    public IReadOnlyList<NamespaceRecord> ListNamespaces()
    {
        lock (_gate)
        {
            return _namespaces.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        }
    }

    private NamespaceRecord RequireNamespace(string ns)
    {
        if (string.IsNullOrEmpty(ns))
        {
            throw ServerErrors.InvalidArgument("Namespace is not set on request.");
        }
        return _namespaces.TryGetValue(ns, out var record) ? record : throw ServerErrors.NamespaceNotFound(ns);
    }

    /// <summary>The run named by id (and run id when given, else the current run).</summary>
    private ExecutionState RequireRun(string ns, string workflowId, string? runId)
    {
        RequireNamespace(ns);
        if (string.IsNullOrEmpty(workflowId))
        {
            throw ServerErrors.InvalidArgument("WorkflowId is not set on request.");
        }
        if (!string.IsNullOrEmpty(runId))
        {
            if (!Guid.TryParse(runId, out _))
            {
                throw ServerErrors.InvalidArgument("Invalid RunId.");
            }
            return _runs.TryGetValue((ns, runId), out var run) && run.WorkflowId == workflowId
                ? run
                : throw ServerErrors.WorkflowNotFound(workflowId, runId);
        }
        return _currentRuns.TryGetValue((ns, workflowId), out var current)
            ? current
            : throw ServerErrors.WorkflowNotFound(workflowId, null);
    }

    /// <summary>The pending work of a workflow's current run, live and as rebuilt from its history (both read under the lock).</summary>
    internal (string Live, string Rebuilt) PendingSummaries(string ns, string workflowId)
    {
        lock (_gate)
        {
            var live = RequireRun(ns, workflowId, null);
            var rebuilt = ExecutionReplay.Rebuild(live.Namespace, live.RunId, live.History.ToList(), live.Buffered.ToList());
            return (ExecutionReplay.PendingSummary(live), ExecutionReplay.PendingSummary(rebuilt));
        }
    }

    private ExecutionState? FindRun(ExecutionKey key) =>
        _runs.TryGetValue((key.Namespace, key.RunId), out var run) ? run : null;

    private static HistoryEvent NewEvent(EventType type, DateTime now) =>
        new() { EventType = type, EventTime = Timestamp.FromDateTime(now) };

    /// <summary>
    /// Adds an event to a run. While a workflow task is in flight, events are buffered and written
    /// after its completion (the worker's commands come first); otherwise they are written at once.
    /// </summary>
    private void AddEvent(ExecutionState ex, HistoryEvent e)
    {
        if (ex.WorkflowTask is { Started: true })
        {
            ex.Buffered.Add(e);
        }
        else
        {
            Append(ex, e);
        }
        MarkDirty(ex);
    }

    private HistoryEvent Append(ExecutionState ex, HistoryEvent e)
    {
        e.EventId = ex.NextEventId;
        e.TaskId = e.EventId;
        ResolveDeferredReferences(ex, e);
        ex.History.Add(e);
        MarkDirty(ex);
        return e;
    }

    /// <summary>Buffered completions refer to a started event whose id is known only when written.</summary>
    private static void ResolveDeferredReferences(ExecutionState ex, HistoryEvent e)
    {
        var previous = ex.History.Count > 0 ? ex.History[^1].EventId : 0;
        switch (e.AttributesCase)
        {
            case HistoryEvent.AttributesOneofCase.ActivityTaskCompletedEventAttributes when e.ActivityTaskCompletedEventAttributes.StartedEventId < 0:
                e.ActivityTaskCompletedEventAttributes.StartedEventId = previous;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes when e.ActivityTaskFailedEventAttributes.StartedEventId < 0:
                e.ActivityTaskFailedEventAttributes.StartedEventId = previous;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes when e.ActivityTaskTimedOutEventAttributes.StartedEventId < 0:
                e.ActivityTaskTimedOutEventAttributes.StartedEventId = previous;
                break;
            case HistoryEvent.AttributesOneofCase.ActivityTaskCanceledEventAttributes when e.ActivityTaskCanceledEventAttributes.StartedEventId < 0:
                e.ActivityTaskCanceledEventAttributes.StartedEventId = previous;
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionStartedEventAttributes:
                if (ex.Children.TryGetValue(e.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId, out var started))
                {
                    started.StartedEventId = e.EventId;
                }
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes:
                e.ChildWorkflowExecutionCompletedEventAttributes.StartedEventId = ChildStartedId(ex, e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes:
                e.ChildWorkflowExecutionFailedEventAttributes.StartedEventId = ChildStartedId(ex, e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes:
                e.ChildWorkflowExecutionCanceledEventAttributes.StartedEventId = ChildStartedId(ex, e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes:
                e.ChildWorkflowExecutionTerminatedEventAttributes.StartedEventId = ChildStartedId(ex, e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId);
                break;
            case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes:
                e.ChildWorkflowExecutionTimedOutEventAttributes.StartedEventId = ChildStartedId(ex, e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId);
                break;
        }
        if (e.EventType is EventType.ChildWorkflowExecutionCompleted or EventType.ChildWorkflowExecutionFailed
            or EventType.ChildWorkflowExecutionCanceled or EventType.ChildWorkflowExecutionTerminated
            or EventType.ChildWorkflowExecutionTimedOut)
        {
            ex.Children.Remove(ChildInitiatedId(e));
        }
    }

    private static long ChildStartedId(ExecutionState ex, long initiatedEventId) =>
        ex.Children.TryGetValue(initiatedEventId, out var child) ? child.StartedEventId : 0;

    private static long ChildInitiatedId(HistoryEvent e) => e.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes => e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes => e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes => e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes => e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId,
        HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes => e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId,
        _ => 0,
    };

    private void FlushBuffered(ExecutionState ex)
    {
        var buffered = ex.Buffered;
        ex.Buffered = [];
        foreach (var e in buffered)
        {
            Append(ex, e);
        }
    }

    private void MarkDirty(ExecutionState ex)
    {
        _dirty.Add(ex);
        _changed.Add((ex.Namespace, ex.RunId));
    }

    /// <summary>Commits everything the current operation changed and wakes the long polls waiting on it. Called under the lock.</summary>
    private void Commit()
    {
        if (_dirty.Count == 0 && _dirtySchedules.Count == 0 && _deletedSchedules.Count == 0)
        {
            return;
        }
        try
        {
            _store.Commit(_dirty, _dirtySchedules, _deletedSchedules);
        }
        finally
        {
            _dirty.Clear();
            _dirtySchedules.Clear();
            _deletedSchedules.Clear();
        }
        foreach (var key in _changed)
        {
            if (_changeWaiters.Remove(key, out var waiters))
            {
                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult();
                }
            }
        }
        _changed.Clear();
    }

    /// <summary>A task completed by the next change to the run (new event, close, update outcome).</summary>
    private Task WaitForChange(ExecutionState ex)
    {
        if (!_changeWaiters.TryGetValue((ex.Namespace, ex.RunId), out var waiters))
        {
            waiters = [];
            _changeWaiters[(ex.Namespace, ex.RunId)] = waiters;
        }
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiters.Add(tcs);
        return tcs.Task;
    }

    /// <summary>Runs an operation under the lock and commits what it changed.</summary>
    private T Mutate<T>(Func<T> operation)
    {
        lock (_gate)
        {
            try
            {
                return operation();
            }
            finally
            {
                Commit();
            }
        }
    }

    private void Mutate(Action operation) => Mutate(() =>
    {
        operation();
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        await _timers.DisposeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var waiters in _changeWaiters.Values)
            {
                foreach (var waiter in waiters)
                {
                    waiter.TrySetCanceled();
                }
            }
            _changeWaiters.Clear();
            _store.Dispose();
        }
    }
}
