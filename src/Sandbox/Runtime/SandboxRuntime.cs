using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// The shared runtime of one sandbox: request log, per-operation counters, armed faults, the
/// global time scale and the state store.
/// </summary>
public sealed class SandboxRuntime : ISandboxRuntime
{
    private const int MaxLogEntries = 10_000;

    private static readonly AsyncLocal<SandboxRequestScope?> CurrentScope = new();

    private readonly Lock _gate = new();
    private readonly LinkedList<RequestLogEntry> _log = new();
    private readonly Dictionary<string, OperationCounter> _counters = new(StringComparer.Ordinal);
    private readonly List<ArmedFault> _faults = [];
    private readonly List<Action> _resourceResetHandlers = [];
    private readonly double _initialTimeScale;
    private double _timeScale;
    private long _sequence;

    public SandboxRuntime(ISandboxStateStore state, double timeScale = 1.0, TimeProvider? time = null)
    {
        ValidateTimeScale(timeScale);
        State = state;
        Time = time ?? TimeProvider.System;
        _initialTimeScale = timeScale;
        _timeScale = timeScale;
    }

    public TimeProvider Time { get; }

    public ISandboxStateStore State { get; }

    /// <summary>Multiplier applied to every realistic delay (1 = real timings, 0.01 for tests).</summary>
    public double TimeScale
    {
        get { lock (_gate) { return _timeScale; } }
        set
        {
            ValidateTimeScale(value);
            lock (_gate) { _timeScale = value; }
        }
    }

    public TimeSpan Scale(TimeSpan realisticDelay) => realisticDelay * TimeScale;

    public async ValueTask<SandboxFault?> EnterAsync(string operation, bool mutation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        SandboxFault? fault = null;
        var latency = TimeSpan.Zero;
        lock (_gate)
        {
            foreach (var armed in _faults)
            {
                if (!armed.Rule.Matches(operation))
                {
                    continue;
                }

                latency += TimeSpan.FromMilliseconds(armed.Rule.LatencyMs);
                if (fault is null && armed.Draw() is { } status)
                {
                    fault = new SandboxFault(status, armed.Rule.Type, armed.Rule.Message ?? DefaultMessage(status));
                }
            }

            _faults.RemoveAll(armed => armed.Remaining == 0 && armed.Rule.LatencyMs == 0);
            _counters.TryGetValue(operation, out var counter);
            counter ??= new OperationCounter(0, 0, 0);
            _counters[operation] = counter with
            {
                Reads = counter.Reads + (mutation ? 0 : 1),
                Mutations = counter.Mutations + (mutation ? 1 : 0),
                Faulted = counter.Faulted + (fault is null ? 0 : 1),
            };
        }

        var scope = CurrentScope.Value;
        if (scope is not null)
        {
            scope.Operation = operation;
            scope.Mutation = mutation;
            scope.Faulted = fault is not null;
        }
        else
        {
            // Calls from servers that do not open a request scope are still logged, without HTTP details.
            Append(operation, null, null, mutation, fault?.StatusCode, fault is not null);
        }

        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, Time, cancellationToken).ConfigureAwait(false);
        }

        return fault;
    }

    /// <summary>Opens the log scope of an HTTP request; dispose it with the final status via <see cref="CompleteRequest"/>.</summary>
    public SandboxRequestScope BeginRequest(string method, string path)
    {
        var scope = new SandboxRequestScope(method, path);
        CurrentScope.Value = scope;
        return scope;
    }

    public void CompleteRequest(SandboxRequestScope scope, int status)
    {
        Append(scope.Operation, scope.Method, scope.Path, scope.Mutation, status, scope.Faulted);
        if (ReferenceEquals(CurrentScope.Value, scope))
        {
            CurrentScope.Value = null;
        }
    }

    /// <param name="afterSequence">Only entries with a greater sequence number (to read what happened since a point).</param>
    public IReadOnlyList<RequestLogEntry> GetRequestLog(string? operationPrefix = null, bool mutationsOnly = false, long afterSequence = 0)
    {
        lock (_gate)
        {
            return _log
                .Where(entry => entry.Sequence > afterSequence)
                .Where(entry => operationPrefix is null || (entry.Operation?.StartsWith(operationPrefix, StringComparison.Ordinal) ?? false))
                .Where(entry => !mutationsOnly || entry.Mutation)
                .ToList();
        }
    }

    public IReadOnlyDictionary<string, OperationCounter> GetCounters()
    {
        lock (_gate)
        {
            return new SortedDictionary<string, OperationCounter>(_counters, StringComparer.Ordinal);
        }
    }

    /// <summary>Arms a fault; a new rule for the same operation replaces the previous one.</summary>
    public void SetFault(SandboxFaultRule rule)
    {
        ArgumentException.ThrowIfNullOrEmpty(rule.Operation);
        if ((rule.Status is { } status && !IsErrorStatus(status)) || (rule.Statuses?.Any(s => !IsErrorStatus(s)) ?? false))
        {
            throw new ArgumentException("A fault status must be an HTTP error status (400-599).", nameof(rule));
        }

        if (rule.Status is not null && rule.Statuses is not null)
        {
            throw new ArgumentException("A fault has either a status or a list of statuses, not both.", nameof(rule));
        }

        if (rule.Probability is { } probability && (double.IsNaN(probability) || probability <= 0 || probability > 1))
        {
            throw new ArgumentException("A fault probability must be greater than 0 and at most 1.", nameof(rule));
        }

        if (rule.Probability is not null && !rule.Fails)
        {
            throw new ArgumentException("A fault with a probability needs a status or statuses to answer.", nameof(rule));
        }

        if (rule.Count is < 1 || rule.LatencyMs < 0)
        {
            throw new ArgumentException("A fault count must be at least 1 and latency must not be negative.", nameof(rule));
        }

        if (!rule.Fails && rule.LatencyMs == 0)
        {
            throw new ArgumentException("A fault needs a status, a latency or both.", nameof(rule));
        }

        lock (_gate)
        {
            _faults.RemoveAll(armed => armed.Rule.Operation == rule.Operation);
            _faults.Add(new ArmedFault(rule));
        }
    }

    public bool ClearFault(string operation)
    {
        lock (_gate)
        {
            return _faults.RemoveAll(armed => armed.Rule.Operation == operation) > 0;
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>The armed faults, with <see cref="SandboxFaultRule.Count"/> showing the failures still to come.</summary>
    public IReadOnlyList<SandboxFaultRule> GetFaults()
    {
        lock (_gate)
        {
            return _faults.Select(armed => armed.Rule with { Count = armed.Rule.Fails ? armed.Remaining : null }).ToList();
        }
    }

    /// <summary>Lets a module wipe its resources when a reset asks for it.</summary>
    public void OnResourcesReset(Action handler)
    {
        lock (_gate)
        {
            _resourceResetHandlers.Add(handler);
        }
    }

    /// <summary>Clears the request log, counters and faults and restores the initial time scale; optionally wipes every emulated resource.</summary>
    public void Reset(bool resources = false)
    {
        Action[] handlers;
        lock (_gate)
        {
            _log.Clear();
            _counters.Clear();
            _faults.Clear();
            _timeScale = _initialTimeScale;
            handlers = [.. _resourceResetHandlers];
        }

        if (resources)
        {
            foreach (var handler in handlers)
            {
                handler();
            }
        }
    }

    public void Apply(SandboxConfiguration configuration)
    {
        if (configuration.TimeScale is { } scale)
        {
            TimeScale = scale;
        }

        foreach (var rule in configuration.Faults)
        {
            SetFault(rule);
        }
    }

    private void Append(string? operation, string? method, string? path, bool mutation, int? status, bool faulted)
    {
        lock (_gate)
        {
            _log.AddLast(new RequestLogEntry(++_sequence, Time.GetUtcNow(), operation, method, path, mutation, status, faulted));
            if (_log.Count > MaxLogEntries)
            {
                _log.RemoveFirst();
            }
        }
    }

    private static bool IsErrorStatus(int status) => status is >= 400 and <= 599;

    private static string DefaultMessage(int status) => status switch
    {
        429 => "too many requests",
        >= 500 => "internal error (injected by the sandbox)",
        _ => "injected failure",
    };

    private static void ValidateTimeScale(double timeScale)
    {
        if (double.IsNaN(timeScale) || timeScale < 0 || timeScale > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "The time scale must be between 0 and 1000.");
        }
    }

    private sealed class ArmedFault(SandboxFaultRule rule)
    {
        // Only drawn from under the runtime's lock.
        private readonly Random _draws = rule.Seed is { } seed ? new Random(seed) : new Random();

        public SandboxFaultRule Rule { get; } = rule;

        public int? Remaining { get; private set; } = rule.Fails ? rule.Count : 0;

        /// <summary>The status this call fails with, or null when it passes (no failures left, or the draw spared it).</summary>
        public int? Draw()
        {
            if (!Rule.Fails || Remaining is 0)
            {
                return null;
            }

            if (Rule.Probability is { } probability && _draws.NextDouble() >= probability)
            {
                return null;
            }

            if (Remaining is not null)
            {
                Remaining--;
            }

            return Rule.Status ?? Rule.Statuses![_draws.Next(Rule.Statuses.Count)];
        }
    }
}
