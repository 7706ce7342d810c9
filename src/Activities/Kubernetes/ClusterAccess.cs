using CoderBootstrap.Activities.Runtime;
using k8s;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>Kubernetes clients for an environment's cluster (through <see cref="ClusterConnector"/>); the kubeconfig stays in memory.</summary>
public sealed class ClusterAccess
{
    private readonly ActivityServices _services;
    private readonly ScalewayAccess _scaleway;

    public ClusterAccess(ActivityServices services)
    {
        _services = services;
        _scaleway = new ScalewayAccess(services);
    }

    public Task<IKubernetes> ConnectAsync(string environment, string clusterId, CancellationToken cancellationToken)
    {
        _ = _scaleway.Credentials;
        return ClusterConnector.ConnectAsync(_services, environment, clusterId, cancellationToken);
    }
}
