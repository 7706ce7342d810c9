using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.Scaleway;
using Serilog;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Infra;

/// <summary>
/// An in-process sandbox (realistic delays scaled by 0.002, API-only databases unless asked) with the phase-1
/// activities pointed at it through SCW_* variables, and every log event captured.
/// </summary>
internal sealed class InfraSandbox : IAsyncDisposable
{
    public const double TimeScale = 0.002;

    private InfraSandbox(SandboxHost host, ActivityServices services, CapturedLog log, ClusterStatusOverride scalewayHandler)
    {
        Host = host;
        Services = services;
        Log = log;
        ScalewayHandler = scalewayHandler;
        Activities = new PhaseOneActivities(services);
    }

    public SandboxHost Host { get; }

    public ActivityServices Services { get; }

    public PhaseOneActivities Activities { get; }

    public CapturedLog Log { get; }

    public ClusterStatusOverride ScalewayHandler { get; }

    public SandboxRuntime Runtime => Host.Runtime;

    /// <param name="realPostgres">Back managed databases by a real local PostgreSQL (needs its binaries).</param>
    /// <param name="repositoryRoot">Where deploy/environments and deploy/prices.yaml are read; this repository unless given.</param>
    /// <param name="variableOverrides">SCW_* variables replacing the ones pointing at the sandbox.</param>
    public static async Task<InfraSandbox> StartAsync(ScalewayQuotas? quotas = null, bool realPostgres = false,
        string? repositoryRoot = null, IReadOnlyDictionary<string, string?>? variableOverrides = null)
    {
        var host = await SandboxHost.StartAsync(new SandboxHostOptions
        {
            TimeScale = TimeScale,
            UseRealPostgres = realPostgres,
            Quotas = quotas ?? new ScalewayQuotas(),
        });
        var variables = host.ClientEnvironment.ToDictionary(v => v.Key, v => (string?)v.Value);
        foreach (var (name, value) in variableOverrides ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }
        var log = new CapturedLog();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(log).CreateLogger();
        var handler = new ClusterStatusOverride();
        var services = new ActivityServices(new CoderBootstrapOptions
        {
            RepositoryRoot = repositoryRoot ?? RepositoryPaths.Root,
            ResourcePollInterval = TimeSpan.FromMilliseconds(20),
            RolloutPollInterval = TimeSpan.FromMilliseconds(20),
            Environment = name => variables.TryGetValue(name, out var value) ? value : null,
        }, logger, handler);
        return new InfraSandbox(host, services, log, handler);
    }

    /// <summary>Runs one activity in a test activity environment (a new one unless given, e.g. to capture heartbeats).</summary>
    public Task<T> RunAsync<T>(Func<PhaseOneActivities, Task<T>> activity, ActivityEnvironment? environment = null) =>
        (environment ?? new ActivityEnvironment()).RunAsync(() => activity(Activities));

    /// <summary>Runs an activity expected to fail for good and returns its failure.</summary>
    public async Task<ApplicationFailureException> FailNonRetryableAsync<T>(Func<PhaseOneActivities, Task<T>> activity)
    {
        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => RunAsync(activity));
        Assert.True(failure.NonRetryable, $"expected a non-retryable failure, got: {failure.Message}");
        return failure;
    }

    public long Mutations(string operation) =>
        Runtime.GetCounters().TryGetValue(operation, out var counter) ? counter.Mutations : 0;

    /// <summary>Mutating calls answered with success (faulted calls changed nothing).</summary>
    public long SuccessfulMutations(string operation) =>
        Runtime.GetRequestLog(operation).Count(e => e.Operation == operation && e.Mutation && !e.Faulted && e.Status is >= 200 and < 300);

    public async Task<NetworkRef> NetworkAsync(string environment) =>
        await RunAsync(a => a.EnsurePrivateNetworkAsync(environment));

    /// <summary>Network, cluster and its wait: what the kubeconfig and state steps need.</summary>
    public async Task<(NetworkRef Network, ClusterReady Cluster)> ReadyClusterAsync(string environment)
    {
        var network = await NetworkAsync(environment);
        var cluster = await RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot(environment), network.PrivateNetworkId)));
        var ready = await RunAsync(a => a.WaitForClusterReadyAsync(new WaitForClusterInput(a.Snapshot(environment), cluster.ClusterId)));
        return (network, ready);
    }

    public async Task<(NetworkRef Network, DatabaseReady Database)> ReadyDatabaseAsync(string environment)
    {
        var network = await NetworkAsync(environment);
        var database = await RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot(environment), network.PrivateNetworkId)));
        var ready = await RunAsync(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot(environment), database.InstanceId)));
        return (network, ready);
    }

    public async ValueTask DisposeAsync()
    {
        Services.Dispose();
        ScalewayHandler.Dispose();
        await Host.DisposeAsync();
    }
}
