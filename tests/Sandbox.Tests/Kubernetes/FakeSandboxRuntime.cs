using System.Collections.Concurrent;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>A test runtime: records operations, injects armed faults, scales delays and keeps state in memory.</summary>
internal sealed class FakeSandboxRuntime(double timeScale = 0.01, InMemoryStateStore? state = null) : ISandboxRuntime
{
    private readonly ConcurrentDictionary<string, (int Remaining, SandboxFault Fault)> _faults = new();

    public ConcurrentQueue<(string Operation, bool Mutation)> Calls { get; } = new();

    public TimeProvider Time => TimeProvider.System;

    public ISandboxStateStore State { get; } = state ?? new InMemoryStateStore();

    /// <summary>The next <paramref name="times"/> calls of <paramref name="operation"/> fail with <paramref name="fault"/>.</summary>
    public void ArmFault(string operation, int times, SandboxFault fault) => _faults[operation] = (times, fault);

    public ValueTask<SandboxFault?> EnterAsync(string operation, bool mutation, CancellationToken cancellationToken)
    {
        Calls.Enqueue((operation, mutation));
        while (_faults.TryGetValue(operation, out var armed) && armed.Remaining > 0)
        {
            if (_faults.TryUpdate(operation, (armed.Remaining - 1, armed.Fault), armed))
            {
                return ValueTask.FromResult<SandboxFault?>(armed.Fault);
            }
        }

        return ValueTask.FromResult<SandboxFault?>(null);
    }

    public TimeSpan Scale(TimeSpan realisticDelay) => realisticDelay * timeScale;

    public int CountOf(string operation) => Calls.Count(call => call.Operation == operation);
}
