using CoderBootstrap.Sandbox.Coder;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Kubernetes;
using CoderBootstrap.Sandbox.Postgres;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.S3;
using CoderBootstrap.Sandbox.Scaleway;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Sandbox.Hosting;

/// <summary>
/// The whole sandbox in one process: Scaleway API (+ admin), Kubernetes API servers, S3 and Coder,
/// on free loopback ports. <c>await using var sandbox = await SandboxHost.StartAsync(options);</c>
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private const string IdentityStateKey = "identity";

    private readonly List<IAsyncDisposable> _components = [];

    private SandboxHost(SandboxRuntime runtime, ScalewayIdentity identity, string region)
    {
        Runtime = runtime;
        Identity = identity;
        Region = region;
    }

    public SandboxRuntime Runtime { get; }

    public ScalewayIdentity Identity { get; }

    public string ScalewayUrl => Scaleway.BaseUrl;

    public string AdminUrl => Scaleway.BaseUrl + AdminApi.Prefix;

    public string S3Url { get; private set; } = "";

    public string KubernetesUrl { get; private set; } = "";

    /// <summary>The loopback port of the sandbox's SMTP relay (what it received: <c>Scaleway.Mail</c>).</summary>
    public int SmtpPort => Scaleway.Mail.Port;

    /// <summary>The value of <c>X-Auth-Token</c>: the secret key.</summary>
    public string Token => Identity.SecretKey;

    public string AccessKey => Identity.AccessKey;

    public string SecretKey => Identity.SecretKey;

    public string ProjectId => Identity.ProjectId;

    public string OrganizationId => Identity.OrganizationId;

    public string Region { get; }

    public string Zone => Region + "-1";

    /// <summary>The SCW_* variables that point the product's clients (and the Scaleway CLI) at this sandbox.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>
    {
        ["SCW_ACCESS_KEY"] = AccessKey,
        ["SCW_SECRET_KEY"] = SecretKey,
        ["SCW_DEFAULT_PROJECT_ID"] = ProjectId,
        ["SCW_DEFAULT_ORGANIZATION_ID"] = OrganizationId,
        ["SCW_DEFAULT_REGION"] = Region,
        ["SCW_DEFAULT_ZONE"] = Zone,
        ["SCW_API_URL"] = ScalewayUrl,
        ["SCW_S3_URL"] = S3Url,
    };

    /// <summary>The local PostgreSQL backing managed databases, or null when instances are API-only.</summary>
    public PostgresFleet? Postgres { get; private set; }

    public ScalewayServer Scaleway { get; private set; } = null!;

    public static async Task<SandboxHost> StartAsync(SandboxHostOptions options, CancellationToken cancellationToken = default)
    {
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<SandboxHost>();
        ISandboxStateStore state = options.StateDirectory is null ? NullStateStore.Instance : new JsonFileStateStore(options.StateDirectory);
        var runtime = new SandboxRuntime(state, options.TimeScale);
        if (options.ReadEnvironment)
        {
            runtime.Apply(SandboxConfiguration.FromEnvironment(Environment.GetEnvironmentVariable));
        }

        if (options.FaultsFile is not null)
        {
            runtime.Apply(SandboxConfiguration.LoadFile(options.FaultsFile));
        }

        var identity = options.Identity ?? state.Load<ScalewayIdentity>(IdentityStateKey) ?? ScalewayIdentity.Generate();
        state.Save(IdentityStateKey, identity);

        var host = new SandboxHost(runtime, identity, options.Region);
        try
        {
            await host.StartComponentsAsync(options, loggerFactory, logger, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var index = _components.Count - 1; index >= 0; index--)
        {
            await _components[index].DisposeAsync().ConfigureAwait(false);
        }

        _components.Clear();
    }

    private async Task StartComponentsAsync(SandboxHostOptions options, ILoggerFactory loggerFactory, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.UseRealPostgres && LocalPostgresServer.FindBinaries(options.PostgresSearchRoot) is { } binaries)
        {
            Postgres = new PostgresFleet(binaries, options.StateDirectory, loggerFactory.CreateLogger<LocalPostgresServer>());
            _components.Add(Postgres);
        }
        else
        {
            logger.LogInformation("PostgreSQL server binaries not found under {Root}: managed database instances are API-only", options.PostgresSearchRoot);
        }

        var coder = new CoderHosting(Runtime, loggerFactory);
        _components.Add(coder);

        // The Kubernetes emulation reaches the load balancers and Block volumes through this forwarder,
        // because the Scaleway server that implements them is built after the Kubernetes server it needs.
        var scaleway = new ScalewayForwarder();
        var kubernetes = new KubernetesApiServer(Runtime, scaleway, coder, loggerFactory, scaleway);
        _components.Add(kubernetes);
        await kubernetes.StartAsync(cancellationToken).ConfigureAwait(false);
        KubernetesUrl = kubernetes.BaseUrl;

        var s3 = new S3Server(Runtime, AccessKey, SecretKey, loggerFactory);
        _components.Add(s3);
        await s3.StartAsync(cancellationToken).ConfigureAwait(false);
        S3Url = s3.BaseUrl;

        Scaleway = new ScalewayServer(Runtime, Identity, kubernetes, Postgres, loggerFactory, options.Timings, options.Quotas);
        scaleway.LoadBalancers = Scaleway.LoadBalancers;
        scaleway.BlockVolumes = Scaleway.BlockVolumes;
        _components.Add(Scaleway);
        await Scaleway.StartAsync(options.ScalewayPort, cancellationToken).ConfigureAwait(false);
    }

    private sealed class ScalewayForwarder : ISandboxLoadBalancers, ISandboxBlockVolumes
    {
        public ISandboxLoadBalancers? LoadBalancers { get; set; }

        public ISandboxBlockVolumes? BlockVolumes { get; set; }

        public string EnsureForService(string clusterId, string serviceNamespace, string serviceName, string ipAddress) =>
            (LoadBalancers ?? throw NotStarted()).EnsureForService(clusterId, serviceNamespace, serviceName, ipAddress);

        public void RemoveForService(string clusterId, string serviceNamespace, string serviceName) =>
            LoadBalancers?.RemoveForService(clusterId, serviceNamespace, serviceName);

        public string Provision(string clusterId, string name, long sizeBytes) => (BlockVolumes ?? throw NotStarted()).Provision(clusterId, name, sizeBytes);

        public void Release(string volumeHandle) => BlockVolumes?.Release(volumeHandle);

        public void Detach(string volumeHandle) => BlockVolumes?.Detach(volumeHandle);

        private static InvalidOperationException NotStarted() => new("The Scaleway API is not started yet.");
    }
}
