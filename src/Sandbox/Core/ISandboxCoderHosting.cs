namespace CoderBootstrap.Sandbox.Core;

/// <summary>
/// Runs the emulated Coder server of a sandbox cluster. The Kubernetes emulation starts it when a
/// <c>LoadBalancer</c> service fronts the Coder deployment and publishes its port as the service's
/// load-balancer ingress; the server answers 503 until the deployment is available.
/// </summary>
public interface ISandboxCoderHosting
{
    /// <summary>Starts (or returns) the Coder server of a cluster; returns its port on 127.0.0.1.</summary>
    Task<int> EnsureServerAsync(string clusterId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the Coder deployment available or not, with the container environment it was
    /// deployed with (<c>CODER_ACCESS_URL</c>, <c>CODER_PG_CONNECTION_URL</c>, OAuth settings...).
    /// </summary>
    void SetBackendAvailable(string clusterId, bool available, IReadOnlyDictionary<string, string> environment);

    Task StopServerAsync(string clusterId);
}
