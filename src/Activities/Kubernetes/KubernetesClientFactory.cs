using System.Text;
using CoderBootstrap.Activities.Runtime;
using k8s;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>
/// Builds a Kubernetes client from kubeconfig text held in memory; the text is never written to
/// disk or logged. Calls answered 429 (API priority and fairness) or 503 are retried in the call.
/// </summary>
public static class KubernetesClientFactory
{
    public static IKubernetes FromKubeconfig(string kubeconfigYaml, Serilog.ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kubeconfigYaml);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfigYaml));
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        return new k8s.Kubernetes(configuration, new TransientHttpRetryHandler("Kubernetes", logger));
    }
}
