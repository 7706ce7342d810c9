using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Hosting;
using k8s;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

/// <summary>A real Kapsule API endpoint (and an S3 endpoint) never moves; the sandbox's do not either across restarts.</summary>
public sealed class StableEndpointTests : IDisposable
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "sandbox-stable-" + Guid.NewGuid().ToString("N"));

    private SandboxHostOptions Options => new() { StateDirectory = _stateDirectory, TimeScale = 0, UseRealPostgres = false };

    [Fact]
    public async Task Kubeconfig_from_before_a_restart_still_reaches_the_cluster_after_it()
    {
        string clusterId, kubeconfig;
        await using (var first = await SandboxHost.StartAsync(Options))
        {
            using var client = new SandboxHostClient(first);
            clusterId = await client.CreateClusterAsync();
            kubeconfig = await client.KubeconfigAsync(clusterId);
        }

        await using var second = await SandboxHost.StartAsync(Options);
        using var secondClient = new SandboxHostClient(second);
        using var kubernetes = Connect(kubeconfig);

        var namespaces = await kubernetes.CoreV1.ListNamespaceAsync();

        Assert.Equal(kubeconfig, await secondClient.KubeconfigAsync(clusterId));
        Assert.Contains(namespaces.Items, item => item.Metadata.Name == "default");
    }

    [Fact]
    public async Task S3_endpoint_keeps_its_address_after_a_restart()
    {
        string firstUrl;
        await using (var first = await SandboxHost.StartAsync(Options))
        {
            firstUrl = first.S3Url;
        }

        await using var second = await SandboxHost.StartAsync(Options);

        Assert.Equal(firstUrl, second.S3Url);
    }

    [Fact]
    public async Task Restart_fails_with_one_clear_line_when_the_recorded_kubernetes_port_is_taken()
    {
        int port;
        await using (var first = await SandboxHost.StartAsync(Options))
        {
            port = new Uri(first.KubernetesUrl).Port;
        }

        using var squatter = new TcpListener(IPAddress.Loopback, port);
        squatter.Start();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SandboxHost.StartAsync(Options));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Reset_admin_token_refuses_the_old_token_and_the_new_kubeconfig_works_at_the_same_address()
    {
        await using var sandbox = await SandboxHost.StartAsync(Options);
        using var client = new SandboxHostClient(sandbox);
        var clusterId = await client.CreateClusterAsync();
        var before = await client.KubeconfigAsync(clusterId);

        var reset = await client.SendAsync(HttpMethod.Post, $"/k8s/v1/regions/fr-par/clusters/{clusterId}/reset-admin-token", new JsonObject());
        var after = await client.KubeconfigAsync(clusterId);
        using var stale = Connect(before);
        using var fresh = Connect(after);

        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Equal("{}", reset.Text);
        Assert.Equal(ServerOf(before), ServerOf(after));
        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => stale.CoreV1.ListNamespaceAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Response.StatusCode);
        Assert.NotEmpty((await fresh.CoreV1.ListNamespaceAsync()).Items);
    }

    [Fact]
    public async Task Reset_admin_token_survives_a_restart()
    {
        string clusterId, after;
        await using (var first = await SandboxHost.StartAsync(Options))
        {
            using var client = new SandboxHostClient(first);
            clusterId = await client.CreateClusterAsync();
            await client.SendAsync(HttpMethod.Post, $"/k8s/v1/regions/fr-par/clusters/{clusterId}/reset-admin-token", new JsonObject());
            after = await client.KubeconfigAsync(clusterId);
        }

        await using var second = await SandboxHost.StartAsync(Options);
        using var kubernetes = Connect(after);

        Assert.NotEmpty((await kubernetes.CoreV1.ListNamespaceAsync()).Items);
    }

    private static k8s.Kubernetes Connect(string kubeconfig)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    private static string ServerOf(string kubeconfig) =>
        kubeconfig.Split('\n').Select(line => line.Trim()).First(line => line.StartsWith("server:", StringComparison.Ordinal));

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }
}
