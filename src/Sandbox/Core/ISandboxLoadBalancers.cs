namespace CoderBootstrap.Sandbox.Core;

/// <summary>
/// What the emulated cloud controller of a sandbox cluster uses to make a Scaleway load balancer
/// appear (and disappear) for a Kubernetes <c>LoadBalancer</c> service, as Kapsule does: the LB is
/// named after the cluster id and shows up in the <c>lb/v1</c> API.
/// </summary>
public interface ISandboxLoadBalancers
{
    /// <summary>Creates (or returns the existing) Scaleway LB for the service; returns its LB id.</summary>
    string EnsureForService(string clusterId, string serviceNamespace, string serviceName, string ipAddress);

    void RemoveForService(string clusterId, string serviceNamespace, string serviceName);
}
