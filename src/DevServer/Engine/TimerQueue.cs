namespace CoderBootstrap.DevServer.Engine;

/// <summary>
/// Durable deadlines are derived from execution state; this queue only wakes the engine when one
/// is due. Each callback re-checks the state it was armed for, so stale entries are harmless.
/// </summary>
internal sealed class TimerQueue : IAsyncDisposable
{
    private readonly PriorityQueue<Action, DateTime> _entries = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly Action<Exception> _onError;
    private Task? _loop;

    public TimerQueue(TimeProvider time, Action<Exception> onError)
    {
        _time = time;
        _onError = onError;
    }

    public void Start() => _loop = Task.Run(RunAsync);

    public void Schedule(DateTime dueUtc, Action callback)
    {
        lock (_gate)
        {
            _entries.Enqueue(callback, dueUtc);
        }
        _wake.Release();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var due = new List<Action>();
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow().UtcDateTime;
                while (_entries.TryPeek(out var callback, out var at) && at <= now)
                {
                    _entries.Dequeue();
                    due.Add(callback);
                }
                wait = _entries.TryPeek(out _, out var next) ? next - now : Timeout.InfiniteTimeSpan;
            }
            foreach (var callback in due)
            {
                try
                {
                    callback();
                }
                catch (Exception e)
                {
                    _onError(e);
                }
            }
            if (due.Count > 0)
            {
                continue;
            }
            try
            {
                if (wait != Timeout.InfiniteTimeSpan && wait > TimeSpan.FromHours(1))
                {
                    wait = TimeSpan.FromHours(1);
                }
                await _wake.WaitAsync(wait, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
        _wake.Dispose();
    }
}
