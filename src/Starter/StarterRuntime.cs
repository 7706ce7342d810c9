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

    private StarterRuntime(TemporalClient client) => Client = client;

    public TemporalClient Client { get; private set; }

    public SandboxHost? Sandbox { get; private set; }

    public ActivityServices? Activities { get; private set; }

    public string ServerDescription { get; private set; } = string.Empty;

    /// <summary>The factor the runs started here pass for their activity retry intervals: the embedded sandbox's time scale, else none.</summary>
    public double? RetryScale { get; private set; }

    /// <summary>True when this process owns the embedded services (and so a running workflow found in them is an orphan to resume).</summary>
    public bool OwnsLocalState { get; private set; }

    public static async Task<StarterRuntime> StartAsync(StarterContext context, bool sandbox, double timeScale, bool needWorker, CancellationToken cancellationToken)
    {
        if (context.Environment("TEMPORAL_ADDRESS") is { Length: > 0 })
        {
            if (sandbox)
            {
                throw new StarterException("--sandbox starts its own Temporal server: unset TEMPORAL_ADDRESS, or drop --sandbox and point the worker at your cloud", 2);
            }
            return await ConnectAsync(context, needWorker, cancellationToken).ConfigureAwait(false);
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
            var shared = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions($"127.0.0.1:{port}")).ConfigureAwait(false);
            return new StarterRuntime(shared) { ServerDescription = $"Temporal server: the embedded one of the Starter that owns {context.LocalStateDirectory} (127.0.0.1:{port})" };
        }
        SandboxHost? sandboxHost = null;
        var variables = new Dictionary<string, string?>();
        if (sandbox)
        {
            sandboxHost = await StartSandboxAsync(context, timeScale, variables, cancellationToken).ConfigureAwait(false);
        }
        var server = await TemporalServerSelector.SelectAsync(new TemporalServerRequest
        {
            StateFile = Path.Combine(context.LocalStateDirectory, "temporal.db"),
            Port = port,
            Environment = context.Environment,
        }, cancellationToken).ConfigureAwait(false);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address) { Namespace = server.Namespace }).ConfigureAwait(false);
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
            RetryIntervalScale = Math.Clamp(scale, 0.001, 1),
            HealthCheckRetryDelay = Clamp(TimeSpan.FromSeconds(2) * scale),
            Environment = name => variables.TryGetValue(name, out var value) ? value : context.Environment(name),
        };
        runtime.RetryScale = options.RetryIntervalScale < 1 ? options.RetryIntervalScale : null;
        if (needWorker)
        {
            runtime.StartWorker(options, context);
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

    private static async Task<StarterRuntime> ConnectAsync(StarterContext context, bool needWorker, CancellationToken cancellationToken)
    {
        var server = await TemporalServerSelector.SelectAsync(new TemporalServerRequest { Environment = context.Environment }, cancellationToken).ConfigureAwait(false);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address) { Namespace = server.Namespace }).ConfigureAwait(false);
        var runtime = new StarterRuntime(client) { ServerDescription = server.Description };
        runtime._owned.Add(server);
        // Against an external server the workflows run on its workers; CODER_BOOTSTRAP_IN_PROCESS_WORKER=1 adds one here.
        if (needWorker && context.Environment("CODER_BOOTSTRAP_IN_PROCESS_WORKER") == "1")
        {
            runtime.StartWorker(new CoderBootstrapOptions { RepositoryRoot = context.RepositoryRoot, Environment = context.Environment }, context);
        }
        return runtime;
    }

    private void StartWorker(CoderBootstrapOptions options, StarterContext context)
    {
        var logger = RunLogging.Configure(new Serilog.LoggerConfiguration(), Path.Combine(context.RepositoryRoot, "logs"), console: false).CreateLogger();
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
                await logger.DisposeAsync().ConfigureAwait(false);
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
    }
}
