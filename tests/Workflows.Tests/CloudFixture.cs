using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Worker;
using CoderBootstrap.Workflows;
using Serilog;
using Serilog.Events;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// Everything a workflow test needs, offline: the sandbox cloud (delays scaled way down), the
/// embedded Temporal server, and a real worker with the real activities. Faults and resources are
/// per sandbox, so tests that inject faults make a fixture of their own.
/// </summary>
public sealed class CloudFixture : IAsyncLifetime
{
    private readonly List<string> _logLines = [];
    private TemporalWorker? _worker;
    private Task? _workerRun;
    private CancellationTokenSource? _workerStop;

    public SandboxHost Sandbox { get; private set; } = null!;

    public TemporalDevServer Server { get; private set; } = null!;

    public TemporalClient Client { get; private set; } = null!;

    public ActivityServices Services { get; private set; } = null!;

    public CoderBootstrapOptions Options { get; private set; } = null!;

    /// <summary>The activities read another repository root when set (e.g. a copy with hooks).</summary>
    public string RepositoryRoot { get; init; } = CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

    /// <summary>Every line the activities logged (to search for secrets).</summary>
    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_logLines)
            {
                return _logLines.ToList();
            }
        }
    }

    public Dictionary<string, string?> Variables { get; } = [];

    /// <summary>A built Web UI (folder with index.html): the server then serves it on a free port (<see cref="TemporalDevServer.UiAddress"/>); null: headless.</summary>
    public string? WebUiSite { get; init; }

    /// <summary>Runs a test on a cloud of its own (faults, resources and runs nobody else sees), disposed afterwards.</summary>
    public static async Task WithOwnCloudAsync(Func<CloudFixture, Task> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            await test(cloud);
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }

    /// <summary>Every resource of the sandbox tagged with the environment, and every load balancer (a cloud of its own has only the test's).</summary>
    public Task<IReadOnlyList<string>> TaggedResourcesAsync(string environment) => TaggedResourcesAsync(Services.Scaleway, environment);

    /// <summary>The same list through any Scaleway API client (e.g. one pointed at a sandbox restarted on a Starter's state directory).</summary>
    public static async Task<IReadOnlyList<string>> TaggedResourcesAsync(Activities.Scaleway.ScalewayApiClient api, string environment)
    {
        ArgumentNullException.ThrowIfNull(api);
        string[] tags = ["managed-by=coder-bootstrap", $"env={environment}"];
        bool Tagged(Activities.Scaleway.IScalewayTaggedResource r) => tags.All(t => r.Tags?.Contains(t) == true);
        var left = new List<string>();
        var clusters = (await api.Kapsule.ListClustersAsync()).Where(Tagged).ToList();
        left.AddRange(clusters.Select(c => $"cluster {c.Id} {c.Status}"));
        foreach (var cluster in clusters)
        {
            left.AddRange((await api.Kapsule.ListPoolsAsync(cluster.Id)).Select(p => $"pool {p.Id}"));
        }
        left.AddRange((await api.Rdb.ListInstancesAsync(tags: tags)).Select(i => $"database {i.Id} {i.Status}"));
        left.AddRange((await api.Vpc.ListPrivateNetworksAsync(tags: tags)).Select(n => $"private network {n.Id}"));
        left.AddRange((await api.Lb.ListLoadBalancersAsync()).Select(lb => $"load balancer {lb.Name} {lb.Status}"));
        return left;
    }

    /// <summary>The Starter's command line pointed at this cloud: its Temporal server, and its Scaleway API and credentials for the Starter's own reads.</summary>
    public async Task<(int Code, string Out, string Error)> StarterAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Starter.StarterCommands.RunAsync(args, new Starter.StarterContext
        {
            RepositoryRoot = CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory),
            Out = output,
            Error = error,
            Environment = name => name switch
            {
                "TEMPORAL_ADDRESS" => Server.Address,
                "SCW_API_URL" => Sandbox.ScalewayUrl,
                _ => Variables.GetValueOrDefault(name),
            },
            ProgressInterval = TimeSpan.FromMilliseconds(100),
        });
        return (code, output.ToString(), error.ToString());
    }

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxHost.StartAsync(new SandboxHostOptions { TimeScale = 0.002 });
        foreach (var (name, value) in Sandbox.ClientEnvironment)
        {
            Variables[name] = value;
        }
        Variables["SCW_S3_URL"] = Sandbox.S3Url;
        Server = await TemporalDevServer.StartAsync(WebUiSite is null
            ? new DevServerOptions()
            : new DevServerOptions { Headless = false, UiPort = 0, UiAssetPath = WebUiSite });
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Server.Address));
        Options = new CoderBootstrapOptions
        {
            RepositoryRoot = RepositoryRoot,
            ResourcePollInterval = TimeSpan.FromMilliseconds(20),
            RolloutPollInterval = TimeSpan.FromMilliseconds(20),
            // Activity retries at about the sandbox's pace (tests pass it in the workflow input).
            RetryIntervalScale = 0.01,
            HealthCheckRetryDelay = TimeSpan.FromMilliseconds(50),
            Environment = name => Variables.TryGetValue(name, out var value) ? value : null,
        };
        var logger = new LoggerConfiguration().MinimumLevel.Debug().Enrich.FromLogContext()
            .WriteTo.Sink(new ListSink(_logLines)).CreateLogger();
        Services = new ActivityServices(Options, logger);
        StartWorker();
    }

    /// <summary>Starts a worker (again); a test can stop it to play a crash.</summary>
    public void StartWorker()
    {
        _workerStop = new CancellationTokenSource();
        _worker = new TemporalWorker(Client, new TemporalWorkerOptions(WorkflowNames.TaskQueue).AddCoderBootstrap(Services));
        var worker = _worker;
        var stop = _workerStop.Token;
        _workerRun = Task.Run(async () =>
        {
            try
            {
                await worker.ExecuteAsync(stop);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public async Task StopWorkerAsync()
    {
        await _workerStop!.CancelAsync();
        await _workerRun!;
        _worker!.Dispose();
    }

    public async Task DisposeAsync()
    {
        await StopWorkerAsync();
        Services.Dispose();
        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    private sealed class ListSink : Serilog.Core.ILogEventSink
    {
        private readonly List<string> _lines;

        public ListSink(List<string> lines) => _lines = lines;

        public void Emit(LogEvent logEvent)
        {
            using var writer = new StringWriter();
            logEvent.RenderMessage(writer);
            var line = $"{writer} {string.Join(' ', logEvent.Properties.Select(p => p.Value.ToString()))} {logEvent.Exception}";
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
