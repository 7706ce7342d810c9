using System.Collections.Concurrent;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Support;

/// <summary>
/// Test double of the sandbox runtime for the S3 and Coder emulations: records every operation,
/// answers armed faults (N times or forever), scales delays and keeps state in a <see cref="TestStateStore"/>.
/// </summary>
public sealed class TestSandboxRuntime(TestStateStore state, double timeScale = 0.01) : ISandboxRuntime
{
    private readonly ConcurrentQueue<(string Operation, bool Mutation)> _calls = new();
    private readonly ConcurrentDictionary<string, ArmedFault> _faults = new(StringComparer.Ordinal);

    public TestSandboxRuntime()
        : this(new TestStateStore())
    {
    }

    public IReadOnlyList<(string Operation, bool Mutation)> Calls => _calls.ToArray();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ISandboxStateStore State => state;

    /// <summary>Makes the next <paramref name="times"/> calls of an operation fail (null: every call).</summary>
    public void ArmFault(string operation, SandboxFault fault, int? times)
    {
        _faults[operation] = new ArmedFault(fault, times);
    }

    public ValueTask<SandboxFault?> EnterAsync(string operation, bool mutation, CancellationToken cancellationToken)
    {
        _calls.Enqueue((operation, mutation));
        if (_faults.TryGetValue(operation, out var armed) && armed.TryConsume())
        {
            return ValueTask.FromResult<SandboxFault?>(armed.Fault);
        }

        return ValueTask.FromResult<SandboxFault?>(null);
    }

    public TimeSpan Scale(TimeSpan realisticDelay) => realisticDelay * timeScale;

    private sealed class ArmedFault(SandboxFault fault, int? times)
    {
        private int _remaining = times ?? int.MaxValue;

        public SandboxFault Fault { get; } = fault;

        public bool TryConsume()
        {
            if (times is null)
            {
                return true;
            }

            return Interlocked.Decrement(ref _remaining) >= 0;
        }
    }
}
