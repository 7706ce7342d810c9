using CoderBootstrap.Activities.Runtime;
using k8s;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>Kubernetes clients for an environment's cluster (through <see cref="ClusterConnector"/>); the kubeconfig stays in memory.</summary>
public sealed class ClusterAccess(ActivityServices services)
{
    private readonly ScalewayAccess _scaleway = new ScalewayAccess(services);

    public Task<IKubernetes> ConnectAsync(string environment, string clusterId, CancellationToken cancellationToken)
    {
        _ = _scaleway.Credentials;
        return ClusterConnector.ConnectAsync(services, environment, clusterId, cancellationToken);
    }
}
