using System.Text;
using k8s;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>Builds a Kubernetes client from kubeconfig text held in memory; the text is never written to disk or logged.</summary>
public static class KubernetesClientFactory
{
    public static IKubernetes FromKubeconfig(string kubeconfigYaml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kubeconfigYaml);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfigYaml));
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        return new k8s.Kubernetes(configuration);
    }
}
