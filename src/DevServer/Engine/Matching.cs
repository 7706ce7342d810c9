namespace CoderBootstrap.DevServer.Engine;

public enum QueueKind
{
    Workflow,
    Activity,
}

/// <summary>A task waiting in a queue: what it refers to, not its content (built when it is handed out).</summary>
public sealed record QueuedTask(ExecutionKey Execution, long ScheduledEventId, int Attempt, string? QueryId = null);

/// <summary>
/// Task queues with long-polling workers. Not thread-safe on its own: every call is made under
/// the engine's lock. Tasks are handed to a waiting poller at once, otherwise queued in order.
/// </summary>
internal sealed class Matching
{
    private readonly Dictionary<(string Namespace, string Queue, QueueKind Kind), QueueState> _queues = [];

    /// <summary>Notes that a worker polled the queue (what DescribeTaskQueue reports as its pollers).</summary>
    public void RecordPoll(string ns, string queue, QueueKind kind, string identity, DateTime now) =>
        Get(ns, queue, kind).Pollers.LastSeen[identity] = now;

    /// <summary>Workers that polled the queue since <paramref name="since"/>, most recent first.</summary>
    public IReadOnlyList<(string Identity, DateTime LastAccess)> Pollers(string ns, string queue, QueueKind kind, DateTime since) =>
        _queues.TryGetValue((ns, queue, kind), out var state)
            ? state.Pollers.LastSeen.Where(p => p.Value >= since).OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).ToList()
            : [];

    public void Offer(string ns, string queue, QueueKind kind, QueuedTask task)
    {
        var state = Get(ns, queue, kind);
        while (state.Pollers.First is { } first)
        {
            state.Pollers.RemoveFirst();
            if (first.Value.TrySetResult(task))
            {
                return;
            }
        }
        state.Ready.AddLast(task);
    }

    /// <summary>Puts back a task a poller took but could not deliver (its call was cancelled).</summary>
    public void PutBack(string ns, string queue, QueueKind kind, QueuedTask task)
    {
        var state = Get(ns, queue, kind);
        if (state.Pollers.Count > 0)
        {
            Offer(ns, queue, kind, task);
            return;
        }
        state.Ready.AddFirst(task);
    }

    /// <summary>Returns a ready task, or registers a waiter completed by a later <see cref="Offer"/>.</summary>
    public (QueuedTask? Task, LinkedListNode<TaskCompletionSource<QueuedTask>>? Waiter) Take(string ns, string queue, QueueKind kind)
    {
        var state = Get(ns, queue, kind);
        if (state.Ready.First is { } ready)
        {
            state.Ready.RemoveFirst();
            return (ready.Value, null);
        }
        var waiter = state.Pollers.AddLast(new TaskCompletionSource<QueuedTask>(TaskCreationOptions.RunContinuationsAsynchronously));
        return (null, waiter);
    }

    public void Abandon(string ns, string queue, QueueKind kind, LinkedListNode<TaskCompletionSource<QueuedTask>> waiter)
    {
        var state = Get(ns, queue, kind);
        if (waiter.List == state.Pollers)
        {
            state.Pollers.Remove(waiter);
        }
    }

    public int Backlog(string ns, string queue, QueueKind kind) => Get(ns, queue, kind).Ready.Count;

    /// <summary>Removes queued tasks of a run (closed or reset); pollers are untouched.</summary>
    public void RemoveAll(Func<QueuedTask, bool> predicate)
    {
        foreach (var state in _queues.Values)
        {
            for (var node = state.Ready.First; node is not null;)
            {
                var next = node.Next;
                if (predicate(node.Value))
                {
                    state.Ready.Remove(node);
                }
                node = next;
            }
        }
    }

    private QueueState Get(string ns, string queue, QueueKind kind)
    {
        if (!_queues.TryGetValue((ns, queue, kind), out var state))
        {
            state = new QueueState();
            _queues[(ns, queue, kind)] = state;
        }
        return state;
    }

    /// <summary>The long polls waiting on a queue, and when each worker identity last polled it.</summary>
    private sealed class PollerList : LinkedList<TaskCompletionSource<QueuedTask>>
    {
        public Dictionary<string, DateTime> LastSeen { get; } = new(StringComparer.Ordinal);
    }

    private sealed class QueueState
    {
        public LinkedList<QueuedTask> Ready { get; } = new();
        public PollerList Pollers { get; } = new();
    }
}
