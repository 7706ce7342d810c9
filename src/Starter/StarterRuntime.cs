using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Worker;
using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.Starter;

/// <summary>
/// The Temporal client of a Starter invocation and what was started for it. With <c>--sandbox</c>
/// everything missing runs in-process — the sandbox cloud, the Temporal server picked by the shared
/// selector, a worker — with their state under <c>.local/</c>, so a killed run resumes when the
/// same command runs again. Otherwise it connects to the server the selector picks and, when that
/// server was started here (no TEMPORAL_ADDRESS), runs a worker too.
/// </summary>
public sealed class StarterRuntime : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly CancellationTokenSource _workerStop = new();
    private Task? _worker;
    private FileStream? _lock;
    private Serilog.Core.Logger? _log;
    private IDisposable? _sdkRoute;

    private StarterRuntime(TemporalClient client) => Client = client;

    public TemporalClient Client { get; private set; }

    public SandboxHost? Sandbox { get; private set; }

    public ActivityServices? Activities { get; private set; }

    public string ServerDescription { get; private set; } = string.Empty;

    /// <summary>True when this process owns the embedded services (and so a running workflow found in them is an orphan to resume).</summary>
    public bool OwnsLocalState { get; private set; }

    public static async Task<StarterRuntime> StartAsync(StarterContext context, bool sandbox, double timeScale, bool needWorker, string logKey, CancellationToken cancellationToken)
    {
        // The SDK's and the worker's lines go to logs/<log key>.log (and the run's own files), on the console only with --verbose.
        var log = RunLogging.Configure(new Serilog.LoggerConfiguration(), Path.Combine(context.RepositoryRoot, "logs"), context.Verbose ? context.Error : null, logKey).CreateLogger();
        var route = SdkLogging.RouteTo(log);
        try
        {
            var runtime = await StartAsync(context, sandbox, timeScale, needWorker, log, cancellationToken).ConfigureAwait(false);
            runtime._log = log;
            runtime._sdkRoute = route;
            return runtime;
        }
        catch
        {
            route.Dispose();
            await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<TemporalClient> ConnectClientAsync(string address, string ns, Serilog.ILogger log) =>
        await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address)
        {
            Namespace = ns,
            Runtime = SdkLogging.Runtime,
            LoggerFactory = SdkLogging.LoggerFactory(log),
        }).ConfigureAwait(false);

    private static async Task<StarterRuntime> StartAsync(StarterContext context, bool sandbox, double timeScale, bool needWorker, Serilog.ILogger log, CancellationToken cancellationToken)
    {
        if (context.Environment("TEMPORAL_ADDRESS") is { Length: > 0 })
        {
            if (sandbox)
            {
                throw new StarterException("--sandbox starts its own Temporal server: unset TEMPORAL_ADDRESS, or drop --sandbox and point the worker at your cloud", 2);
            }
            return await ConnectAsync(context, needWorker, log, cancellationToken).ConfigureAwait(false);
        }
        Directory.CreateDirectory(context.LocalStateDirectory);
        var lockPath = Path.Combine(context.LocalStateDirectory, "starter.lock");
        FileStream? held;
        try
        {
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            held = null;
        }
        var port = int.TryParse(context.Environment("TEMPORAL_PORT"), out var configured) ? configured : 7233;
        if (held is null)
        {
            // Another Starter owns .local/: talk to its server, whose worker runs the workflows.
            var shared = await ConnectClientAsync($"127.0.0.1:{port}", "default", log).ConfigureAwait(false);
            return new StarterRuntime(shared) { ServerDescription = $"Temporal server: the embedded one of the Starter that owns {context.LocalStateDirectory} (127.0.0.1:{port})" };
        }
        SandboxHost? sandboxHost = null;
        var variables = new Dictionary<string, string?>();
        if (sandbox)
        {
            sandboxHost = await StartSandboxAsync(context, timeScale, variables, cancellationToken).ConfigureAwait(false);
        }
        TemporalServerHandle server;
        try
        {
            server = await TemporalServerSelector.SelectAsync(new TemporalServerRequest
            {
                StateFile = Path.Combine(context.LocalStateDirectory, "temporal.db"),
                Port = port,
                Environment = context.Environment,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerStateUnreadableException e)
        {
            if (sandboxHost is not null)
            {
                await sandboxHost.DisposeAsync().ConfigureAwait(false);
            }
            await held.DisposeAsync().ConfigureAwait(false);
            throw new StarterException($"{e.Message}. Move it aside (mv {e.Path} {e.Path}.broken) and run the command again: "
                + "the runs recorded in it are forgotten, the sandbox's resources are kept and the next setup adopts them", 2);
        }
        var client = await ConnectClientAsync(server.Address, server.Namespace, log).ConfigureAwait(false);
        var runtime = new StarterRuntime(client)
        {
            Sandbox = sandboxHost,
            ServerDescription = server.Description,
            OwnsLocalState = true,
            _lock = held,
        };
        runtime._owned.Add(server);
        if (sandboxHost is not null)
        {
            runtime._owned.Add(sandboxHost);
        }
        var scale = sandbox ? Math.Max(timeScale, 0.0001) : 1.0;
        var options = new CoderBootstrapOptions
        {
            RepositoryRoot = context.RepositoryRoot,
            ResourcePollInterval = Clamp(TimeSpan.FromSeconds(15) * scale),
            RolloutPollInterval = Clamp(TimeSpan.FromSeconds(5) * scale),
            Environment = name => variables.TryGetValue(name, out var value) ? value : context.Environment(name),
        };
        if (needWorker)
        {
            runtime.StartWorker(options, log);
        }
        return runtime;
    }

    private static async Task<SandboxHost> StartSandboxAsync(StarterContext context, double timeScale, Dictionary<string, string?> variables, CancellationToken cancellationToken)
    {
        var sandboxHost = await SandboxHost.StartAsync(new SandboxHostOptions
        {
            StateDirectory = Path.Combine(context.LocalStateDirectory, "sandbox"),
            TimeScale = timeScale,
        }, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in sandboxHost.ClientEnvironment)
        {
            variables[name] = value;
        }
        return sandboxHost;
    }

    private static TimeSpan Clamp(TimeSpan interval) =>
        interval < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : interval;

    private static async Task<StarterRuntime> ConnectAsync(StarterContext context, bool needWorker, Serilog.ILogger log, CancellationToken cancellationToken)
    {
        var server = await TemporalServerSelector.SelectAsync(new TemporalServerRequest { Environment = context.Environment }, cancellationToken).ConfigureAwait(false);
        var client = await ConnectClientAsync(server.Address, server.Namespace, log).ConfigureAwait(false);
        var runtime = new StarterRuntime(client) { ServerDescription = server.Description };
        runtime._owned.Add(server);
        // Against an external server the workflows run on its workers; CODER_BOOTSTRAP_IN_PROCESS_WORKER=1 adds one here.
        if (needWorker && context.Environment("CODER_BOOTSTRAP_IN_PROCESS_WORKER") == "1")
        {
            runtime.StartWorker(new CoderBootstrapOptions { RepositoryRoot = context.RepositoryRoot, Environment = context.Environment }, log);
        }
        return runtime;
    }

    private void StartWorker(CoderBootstrapOptions options, Serilog.ILogger logger)
    {
        Activities = new ActivityServices(options, logger);
        var worker = new TemporalWorker(Client, new TemporalWorkerOptions(WorkflowNames.TaskQueue).AddCoderBootstrap(Activities));
        _worker = Task.Run(async () =>
        {
            try
            {
                await worker.ExecuteAsync(_workerStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                worker.Dispose();
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _workerStop.CancelAsync().ConfigureAwait(false);
        if (_worker is not null)
        {
            await _worker.ConfigureAwait(false);
        }
        Activities?.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().ConfigureAwait(false);
        }
        _workerStop.Dispose();
        if (_lock is not null)
        {
            await _lock.DisposeAsync().ConfigureAwait(false);
        }
        _sdkRoute?.Dispose();
        if (_log is not null)
        {
            await _log.DisposeAsync().ConfigureAwait(false);
        }
    }
}
