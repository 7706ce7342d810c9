using System.Collections.Concurrent;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>Stands in for the Coder emulation: hands out a port per cluster and records availability changes.</summary>
internal sealed class RecordingCoderHosting : ISandboxCoderHosting
{
    private int _nextPort = 47000;

    public ConcurrentDictionary<string, int> PortByCluster { get; } = new();

    public ConcurrentQueue<(string ClusterId, bool Available, IReadOnlyDictionary<string, string> Environment)> Availability { get; } = new();

    public ConcurrentQueue<string> Stopped { get; } = new();

    public Task<int> EnsureServerAsync(string clusterId, CancellationToken cancellationToken) =>
        Task.FromResult(PortByCluster.GetOrAdd(clusterId, _ => Interlocked.Increment(ref _nextPort)));

    public void SetBackendAvailable(string clusterId, bool available, IReadOnlyDictionary<string, string> environment) =>
        Availability.Enqueue((clusterId, available, environment));

    public Task StopServerAsync(string clusterId)
    {
        PortByCluster.TryRemove(clusterId, out _);
        Stopped.Enqueue(clusterId);
        return Task.CompletedTask;
    }
}
