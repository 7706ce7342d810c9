using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// The emulated Kubernetes API servers of all sandbox clusters on one Kestrel instance: plain HTTP/1.1 on a
/// free 127.0.0.1 port (<see cref="BaseUrl"/>), plus the same routes over HTTPS (<see cref="SecureBaseUrl"/>)
/// with a self-signed certificate, because kubectl never sends a bearer token over plain HTTP. Each cluster is
/// served under <c>/clusters/{clusterId}</c> and checks its own bearer token.
/// </summary>
public sealed class KubernetesApiServer : ISandboxKubernetes, IAsyncDisposable
{
    /// <summary>The state key of the listener's ports and certificate: a cluster's API endpoint never moves.</summary>
    private const string EndpointStateKey = "kubernetes.apiserver";

    private readonly ISandboxRuntime _runtime;
    private readonly ISandboxLoadBalancers _loadBalancers;
    private readonly ISandboxBlockVolumes? _blockVolumes;
    private readonly ISandboxCoderHosting _coder;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, KubernetesCluster> _clusters = new(StringComparer.Ordinal);
    private readonly List<Task> _removals = [];
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private string? _baseUrl;
    private string? _secureBaseUrl;
    private X509Certificate2? _certificate;

    public KubernetesApiServer(
        ISandboxRuntime runtime,
        ISandboxLoadBalancers loadBalancers,
        ISandboxCoderHosting coder,
        ILoggerFactory loggerFactory,
        ISandboxBlockVolumes? blockVolumes = null)
    {
        _runtime = runtime;
        _loadBalancers = loadBalancers;
        _blockVolumes = blockVolumes;
        _coder = coder;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<KubernetesApiServer>();
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234</c>; available after <see cref="StartAsync"/>.</summary>
    public string BaseUrl => _baseUrl ?? throw new InvalidOperationException("The Kubernetes API server is not started.");

    /// <summary>The HTTPS root serving the same clusters, for kubectl (e.g. <c>https://127.0.0.1:41235</c>).</summary>
    public string SecureBaseUrl => _secureBaseUrl ?? throw new InvalidOperationException("The Kubernetes API server is not started.");

    /// <summary>The HTTPS listener's certificate as a kubeconfig <c>certificate-authority-data</c> value (base64 of the PEM).</summary>
    public string CertificateAuthorityData =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(
            (_certificate ?? throw new InvalidOperationException("The Kubernetes API server is not started.")).ExportCertificatePem() + "\n"));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The Kubernetes API server is already started.");
        }

        var recorded = _runtime.State.Load<RecordedEndpoint>(EndpointStateKey);
        _certificate = recorded?.Certificate is { } pfx
            ? X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pfx), null)
            : SelfSignedCertificate.Create();
        var recordedPorts = recorded?.Ports is [var httpPort, var httpsPort] ? [httpPort, httpsPort] : new[] { 0, 0 };
        var api = new KubernetesApi(this, _runtime, _loggerFactory.CreateLogger<KubernetesApi>(), _stopping.Token);
        var app = await RecordedListener.StartAsync("Kubernetes API server", recordedPorts, ports => Build(ports, api), cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _baseUrl = addresses.First(address => address.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
        _secureBaseUrl = addresses.First(address => address.StartsWith("https://", StringComparison.Ordinal)).TrimEnd('/');
        _runtime.State.Save(EndpointStateKey, new RecordedEndpoint
        {
            Ports = [new Uri(_baseUrl).Port, new Uri(_secureBaseUrl).Port],
            Certificate = Convert.ToBase64String(_certificate.Export(X509ContentType.Pkcs12)),
        });
        _app = app;
        _logger.LogInformation("Kubernetes API server listening on {BaseUrl} and {SecureBaseUrl}", _baseUrl, _secureBaseUrl);
    }

    private WebApplication Build(IReadOnlyList<int> ports, KubernetesApi api)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(KubernetesApiServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, ports[0], listen => listen.Protocols = HttpProtocols.Http1);
            options.Listen(IPAddress.Loopback, ports[1], listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(_certificate!);
            });
            options.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(api.ServeAsync);
        return app;
    }

    public string RegisterCluster(string clusterId, string clusterName, string bearerToken, string kubernetesVersion)
    {
        // Like Kapsule's, the kubeconfig points at HTTPS with the CA in it: kubectl sends tokens only over TLS.
        var url = $"{SecureBaseUrl}/clusters/{Uri.EscapeDataString(clusterId)}";
        while (true)
        {
            if (_clusters.TryGetValue(clusterId, out var existing))
            {
                existing.Reconfigure(clusterName, bearerToken, kubernetesVersion);
                return url;
            }

            var cluster = new KubernetesCluster(
                clusterId, clusterName, bearerToken, kubernetesVersion, _runtime, _loadBalancers, _coder, _loggerFactory.CreateLogger<KubernetesCluster>(), _blockVolumes);
            if (_clusters.TryAdd(clusterId, cluster))
            {
                cluster.Initialize();
                return url;
            }

            // Lost the race to another registration before Initialize: nothing started, nothing to wait for.
#pragma warning disable VSTHRD002
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        }
    }

    public void SetNodes(string clusterId, IReadOnlyList<SandboxNode> nodes)
    {
        if (!_clusters.TryGetValue(clusterId, out var cluster))
        {
            throw new InvalidOperationException($"Cluster {clusterId} is not registered with the Kubernetes API server.");
        }

        cluster.SetNodes(nodes);
    }

    public void RemoveCluster(string clusterId)
    {
        if (!_clusters.TryRemove(clusterId, out var cluster))
        {
            return;
        }

        cluster.MarkRemoved();
        var removal = Task.Run(async () =>
        {
            await cluster.DisposeAsync();
            try
            {
                await _coder.StopServerAsync(clusterId);
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "Stopping the Coder server of removed cluster {ClusterId} failed", clusterId);
            }
        });
        lock (_removals)
        {
            _removals.Add(removal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        foreach (var cluster in _clusters.Values)
        {
            await cluster.DisposeAsync();
        }

        _clusters.Clear();
        _certificate?.Dispose();
        Task[] removals;
        lock (_removals)
        {
            removals = [.. _removals];
        }

        await Task.WhenAll(removals);
        _stopping.Dispose();
    }

    /// <summary>
    /// A kubeconfig for kubectl: the cluster's HTTPS address with <see cref="CertificateAuthorityData"/> and its
    /// bearer token (kubectl refuses to send tokens over plain HTTP, so the Kapsule kubeconfig is not enough).
    /// </summary>
    public string KubectlKubeconfig(string clusterId)
    {
        var cluster = FindCluster(clusterId) ?? throw new InvalidOperationException($"Cluster {clusterId} is not registered with the Kubernetes API server.");
        var name = $"sandbox-{cluster.Name}";
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {name}
              cluster:
                server: {SecureBaseUrl}/clusters/{Uri.EscapeDataString(clusterId)}
                certificate-authority-data: {CertificateAuthorityData}
            contexts:
            - name: admin@{name}
              context:
                cluster: {name}
                user: {name}-admin
            current-context: admin@{name}
            users:
            - name: {name}-admin
              user:
                token: {cluster.BearerToken}

            """;
    }

    internal KubernetesCluster? FindCluster(string clusterId) => _clusters.GetValueOrDefault(clusterId);

    internal string ClusterUrl(string clusterId) => $"{BaseUrl}/clusters/{Uri.EscapeDataString(clusterId)}";
}
