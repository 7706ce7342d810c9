using System.Text;
using Amazon.S3.Model;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.State;
using CoderBootstrap.Sandbox.Hosting;
using Serilog;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Coder;

/// <summary>
/// A sandbox with phase 1 done for dev, staging and prod (network, cluster with a pool, database,
/// credentials object, published kubeconfig, infra state), made with the Scaleway client directly,
/// and a copy of the repository content in a temporary folder tests may add hooks and templates to.
/// </summary>
public sealed class SandboxPhase1Fixture : IAsyncLifetime
{
    public const string ProdClientIdVariable = "CODER_PROD_GITHUB_CLIENT_ID";
    public const string ProdClientSecretVariable = "CODER_PROD_GITHUB_CLIENT_SECRET";
    public const string ProdClientSecret = "prod-oauth-client-secret-value-0123456789";

    private readonly Dictionary<string, string> _databasePasswords = [];
    private readonly Dictionary<string, Task<CoderEndpoint>> _deployments = [];
    private readonly Dictionary<string, FirstAdmin> _firstAdmins = [];
    private readonly string _sharedDatabasePassword = "Db-" + Guid.NewGuid().ToString("N") + "!x";

    public SandboxHost Sandbox { get; private set; } = null!;

    public string RepositoryRoot { get; } = Path.Combine(Path.GetTempPath(), "coder-activities-tests-" + Guid.NewGuid().ToString("N"));

    public CapturingLogSink Logs { get; } = new();

    public ActivityServices Services { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> DatabasePasswords => _databasePasswords;

    public Dictionary<string, string?> Variables { get; } = [];

    public async Task InitializeAsync()
    {
        CopyDirectory(Path.Combine(RepositoryPaths.Root, "deploy"), Path.Combine(RepositoryRoot, "deploy"));
        CopyDirectory(Path.Combine(RepositoryPaths.Root, "templates"), Path.Combine(RepositoryRoot, "templates"));
        Directory.CreateDirectory(Path.Combine(RepositoryRoot, "hooks"));
        var dev = File.ReadAllText(Path.Combine(RepositoryRoot, "deploy", "environments", "dev.yaml"));
        File.WriteAllText(Path.Combine(RepositoryRoot, "deploy", "environments", "qa.yaml"), dev.Replace("name: dev", "name: qa").Replace("coder-dev", "coder-qa"));
        // An environment without a domain: Coder's access URL is then its load balancer's address.
        File.WriteAllText(Path.Combine(RepositoryRoot, "deploy", "environments", "lab.yaml"), dev.Replace("name: dev", "name: lab").Replace("coder-dev", "coder-lab")
            .Replace("access_url: https://coder-lab.example.com", "access_url: http://192.0.2.10")
            .Replace("172.16.0.0/22", "172.16.12.0/22"));

        Sandbox = await SandboxHost.StartAsync(new SandboxHostOptions { TimeScale = 0.002 });
        foreach (var (name, value) in Sandbox.ClientEnvironment)
        {
            Variables[name] = value;
        }
        Variables["SCW_S3_URL"] = Sandbox.S3Url;
        Variables[ProdClientIdVariable] = "prod-oauth-client-id";
        Variables[ProdClientSecretVariable] = ProdClientSecret;
        Services = CreateServices(Variables);

        foreach (var environment in new[] { "dev", "staging", "prod", "lab" })
        {
            await PreparePhase1Async(environment);
        }
    }

    public ActivityServices CreateServices(IReadOnlyDictionary<string, string?> variables, TimeSpan? hookTimeout = null)
    {
        var options = new CoderBootstrapOptions
        {
            RepositoryRoot = RepositoryRoot,
            ResourcePollInterval = TimeSpan.FromMilliseconds(20),
            RolloutPollInterval = TimeSpan.FromMilliseconds(20),
            HookTimeout = hookTimeout ?? TimeSpan.FromSeconds(60),
            Environment = name => variables.TryGetValue(name, out var value) ? value : null,
        };
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(Logs).CreateLogger();
        return new ActivityServices(options, logger);
    }

    /// <summary>Applies the manifests, waits for the rollout and creates the first admin of an environment, once.</summary>
    public Task<CoderEndpoint> DeployCoderAsync(string environment)
    {
        lock (_deployments)
        {
            if (!_deployments.TryGetValue(environment, out var deployment))
            {
                deployment = DeployAsync(environment);
                _deployments[environment] = deployment;
            }

            return deployment;
        }
    }

    /// <summary>What the first <see cref="PhaseTwoActivities.EnsureFirstAdminAsync"/> of the deployment returned.</summary>
    public FirstAdmin FirstAdminOf(string environment)
    {
        lock (_deployments)
        {
            return _firstAdmins[environment];
        }
    }

    private async Task<CoderEndpoint> DeployAsync(string environment)
    {
        var activities = new PhaseTwoActivities(Services);
        await new ActivityEnvironment().RunAsync(() => activities.ApplyCoderManifestsAsync(environment));
        var endpoint = await new ActivityEnvironment().RunAsync(() => activities.WaitForCoderRolloutAsync(environment));
        var admin = await new ActivityEnvironment().RunAsync(() => activities.EnsureFirstAdminAsync(environment, endpoint));
        lock (_deployments)
        {
            _firstAdmins[environment] = admin;
        }

        return endpoint;
    }

    public async Task DisposeAsync()
    {
        Services.Dispose();
        await Sandbox.DisposeAsync();
        Directory.Delete(RepositoryRoot, recursive: true);
    }

    private async Task PreparePhase1Async(string environment)
    {
        var spec = Services.Environments.Load(environment);
        var scaleway = Services.Scaleway;
        var tags = spec.ResourceTags;
        var network = await scaleway.Vpc.CreatePrivateNetworkAsync(new CreatePrivateNetworkRequest(spec.Network.PrivateNetworkName, Sandbox.ProjectId, tags, [spec.Network.PrivateNetworkCidr], null));
        var version = await scaleway.Kapsule.ResolveVersionAsync(spec.Kubernetes.Version);
        var pool = spec.Kubernetes.NodePool;
        var cluster = await scaleway.Kapsule.CreateClusterAsync(new CreateClusterRequest(
            Sandbox.ProjectId, spec.Kubernetes.ClusterName, "test", tags, version.Name, spec.Kubernetes.Cni, network.Id,
            [new CreatePoolRequest(pool.Name, pool.NodeType, pool.Size, false, null, null, true, Sandbox.Zone, tags)]));

        // The sandbox backs every instance with one local PostgreSQL, where the environments' "coder"
        // roles are the same role: one password for all keeps each environment's login valid.
        var password = _sharedDatabasePassword;
        _databasePasswords[environment] = password;
        var instance = await scaleway.Rdb.CreateInstanceAsync(new CreateDatabaseInstanceRequest(
            Sandbox.ProjectId, spec.Database.InstanceName, spec.Database.Engine, spec.Database.UserName, password, spec.Database.NodeType,
            spec.Database.HighAvailability, false, tags, spec.Database.VolumeType, spec.Database.VolumeSizeGb * 1_000_000_000L,
            [new DatabaseEndpointSpec(new EndpointSpecPrivateNetwork(network.Id, null, new IpamConfig()), null)]));

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await scaleway.Kapsule.GetClusterAsync(cluster.Id)).Status != ClusterStatus.Ready
            || (await scaleway.Rdb.GetInstanceAsync(instance.Id)).Status != DatabaseInstanceStatus.Ready)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"phase 1 of {environment} not ready in time");
            }

            await Task.Delay(50);
        }

        await scaleway.Rdb.CreateDatabaseAsync(instance.Id, spec.Database.DatabaseName);
        instance = await scaleway.Rdb.GetInstanceAsync(instance.Id);
        var endpoint = instance.Endpoints![0];

        var credentialsKey = $"secrets/database-{environment}.json";
        var bucket = await Services.State.EnsureBucketAsync(environment);
        await Services.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = credentialsKey,
            ContentBody = $$"""{"user":"{{spec.Database.UserName}}","password":"{{password}}"}""",
            ContentType = "application/json",
        });
        var kubeconfig = await scaleway.Kapsule.GetKubeconfigAsync(cluster.Id);
        var published = await Services.Kubeconfigs.PublishAsync(environment, kubeconfig, TimeSpan.FromHours(1));
        var readyCluster = await scaleway.Kapsule.GetClusterAsync(cluster.Id);
        var pools = await scaleway.Kapsule.ListPoolsAsync(cluster.Id);
        await Services.State.WriteInfraAsync(new InfraState(
            environment, Sandbox.Region, Sandbox.Zone, Sandbox.ProjectId,
            new NetworkState(network.Id, network.VpcId, spec.Network.PrivateNetworkCidr),
            new ClusterState(cluster.Id, cluster.Name, readyCluster.Version ?? version.Name, spec.Kubernetes.Cni, readyCluster.Status, readyCluster.ClusterUrl, readyCluster.DnsWildcard, pools[0].Id, pool.NodeType, pool.Size, DateTimeOffset.UtcNow),
            new DatabaseState(instance.Id, instance.Name, instance.Engine, instance.NodeType, instance.IsHaCluster, instance.Status, endpoint.Ip, endpoint.Port,
                spec.Database.DatabaseName, spec.Database.UserName, credentialsKey, DateTimeOffset.UtcNow),
            new KubeconfigState(published.Bucket, published.ObjectKey, DateTimeOffset.UtcNow)));
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }

    internal static string Describe(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}

[CollectionDefinition(Name)]
public sealed class SandboxPhase1Collection : ICollectionFixture<SandboxPhase1Fixture>
{
    public const string Name = "sandbox phase 1";
}
