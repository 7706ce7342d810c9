using System.Text;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Kubernetes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>
/// A started <see cref="KubernetesApiServer"/> with one registered cluster (two Ready nodes) and a
/// KubernetesClient built from a kubeconfig pointing at it, as the product builds its client.
/// </summary>
internal sealed class KubernetesSandbox : IAsyncDisposable
{
    public const string ClusterId = "11111111-2222-3333-4444-555555555555";
    public const string Token = "sandbox-admin-token";

    private KubernetesSandbox(KubernetesApiServer server, FakeSandboxRuntime runtime, RecordingLoadBalancers loadBalancers, RecordingCoderHosting coder, string clusterUrl)
    {
        Server = server;
        Runtime = runtime;
        LoadBalancers = loadBalancers;
        Coder = coder;
        ClusterUrl = clusterUrl;
        Client = CreateClient(clusterUrl, Token, server.CertificateAuthorityData);
    }

    public KubernetesApiServer Server { get; }

    public FakeSandboxRuntime Runtime { get; }

    public RecordingLoadBalancers LoadBalancers { get; }

    public RecordingCoderHosting Coder { get; }

    public string ClusterUrl { get; }

    public IKubernetes Client { get; }

    public static async Task<KubernetesSandbox> StartAsync(
        FakeSandboxRuntime? runtime = null,
        bool withNodes = true,
        RecordingCoderHosting? coder = null,
        RecordingLoadBalancers? loadBalancers = null,
        RecordingBlockVolumes? blockVolumes = null)
    {
        runtime ??= new FakeSandboxRuntime();
        loadBalancers ??= new RecordingLoadBalancers();
        coder ??= new RecordingCoderHosting();
        var server = new KubernetesApiServer(runtime, loadBalancers, coder, NullLoggerFactory.Instance, blockVolumes);
        await server.StartAsync(CancellationToken.None);
        server.RegisterCluster(ClusterId, "sandbox-cluster", Token, "1.31.2");
        // The tests talk plain HTTP (the same routes); kubeconfigs from the Kapsule API use HTTPS.
        var url = server.ClusterUrl(ClusterId);
        if (withNodes)
        {
            server.SetNodes(ClusterId,
            [
                new SandboxNode("scw-sandbox-default-0a1b2c", "default", "DEV1-M", "scaleway://instance/fr-par-1/0a1b2c3d-0000-0000-0000-000000000001"),
                new SandboxNode("scw-sandbox-default-3d4e5f", "default", "DEV1-M", "scaleway://instance/fr-par-1/0a1b2c3d-0000-0000-0000-000000000002"),
            ]);
        }

        return new KubernetesSandbox(server, runtime, loadBalancers, coder, url);
    }

    public static string Kubeconfig(string serverUrl, string token, string? certificateAuthorityData = null) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: {serverUrl}
            {(certificateAuthorityData is null ? "" : "certificate-authority-data: " + certificateAuthorityData)}
        contexts:
        - name: admin@sandbox
          context:
            cluster: sandbox
            user: admin
        current-context: admin@sandbox
        users:
        - name: admin
          user:
            token: {token}
        """;

    public static IKubernetes CreateClient(string serverUrl, string token, string? certificateAuthorityData = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Kubeconfig(serverUrl, token, certificateAuthorityData)));
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        return new k8s.Kubernetes(configuration);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; generous timeout for a loaded machine.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {description}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
