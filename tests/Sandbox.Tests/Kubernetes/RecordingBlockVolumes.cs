using System.Collections.Concurrent;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>Records what the CSI side asked of Block Storage, as the block/v1 emulation would hold it.</summary>
internal sealed class RecordingBlockVolumes : ISandboxBlockVolumes
{
    public ConcurrentDictionary<string, (string ClusterId, string Name, long SizeBytes)> Provisioned { get; } = new();

    public ConcurrentQueue<string> Released { get; } = new();

    public ConcurrentQueue<string> Detached { get; } = new();

    public string Provision(string clusterId, string name, long sizeBytes)
    {
        var handle = "fr-par-1/" + Guid.NewGuid();
        Provisioned[handle] = (clusterId, name, sizeBytes);
        return handle;
    }

    public void Release(string volumeHandle) => Released.Enqueue(volumeHandle);

    public void Detach(string volumeHandle) => Detached.Enqueue(volumeHandle);
}
