using CoderBootstrap.Activities.Kubernetes;
using k8s;

namespace CoderBootstrap.Activities.Tests.Coder;

internal static class KubernetesTestClient
{
    /// <summary>A client of the environment's sandbox cluster, from the kubeconfig phase 1 published.</summary>
    public static async Task<IKubernetes> ConnectAsync(SandboxPhase1Fixture fixture, string environment) =>
        KubernetesClientFactory.FromKubeconfig((await fixture.Services.Kubeconfigs.DownloadAsync(environment))!);
}
