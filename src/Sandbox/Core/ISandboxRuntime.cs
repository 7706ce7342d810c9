namespace CoderBootstrap.Sandbox.Core;

/// <summary>
/// Shared services every emulated API uses: the request log, fault injection, latency, the
/// global time scale and the persisted state. One instance per running sandbox.
/// </summary>
public interface ISandboxRuntime
{
    /// <summary>
    /// Called first by every emulated operation (for example <c>k8s.clusters.create</c>,
    /// <c>rdb.instances.get</c>, <c>k8s.apply</c>, <c>s3.objects.put</c>). Records the call in the
    /// request log and counters, waits for any injected latency, and returns the fault to answer
    /// with when one is armed for this operation (the caller renders it in its API's error shape).
    /// </summary>
    ValueTask<SandboxFault?> EnterAsync(string operation, bool mutation, CancellationToken cancellationToken);

    /// <summary>A realistic delay multiplied by the global time scale.</summary>
    TimeSpan Scale(TimeSpan realisticDelay);

    TimeProvider Time { get; }

    /// <summary>Persistence of module state; a no-op store when the sandbox has no state directory.</summary>
    ISandboxStateStore State { get; }
}
