using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Starter.Hosting;
using CoderBootstrap.Worker;
using CoderBootstrap.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace CoderBootstrap.Starter;

/// <summary>What a command needs from Temporal: the sandbox or not, its time scale, a worker in this process, where the SDK's lines go.</summary>
public sealed record RuntimeRequest(bool Sandbox, double TimeScale, bool NeedWorker, string LogKey);

/// <summary>
/// The Temporal client of a Starter invocation and what was started for it. With a server
/// configured (the SDK's environment configuration) it connects to it; a worker runs here only with
/// CODER_BOOTSTRAP_IN_PROCESS_WORKER=1. Otherwise the first Starter owns <c>.local/</c>: it runs the
/// Temporal server picked by <see cref="TemporalServerSelector"/>, the sandbox cloud with
/// <c>--sandbox</c>, and a worker, so a killed run resumes when the same command runs again; a second
/// Starter meanwhile follows through the owner's server.
/// </summary>
public sealed class StarterRuntime : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly CancellationTokenSource _workerStop = new();
    private Task _worker = Task.Delay(Timeout.Infinite);
    private FileStream? _lock;
    private Serilog.Core.Logger? _log;
    private IDisposable? _sdkRoute;

    private StarterRuntime(TemporalClient client) => Client = client;

    public TemporalClient Client { get; }

    public SandboxHost? Sandbox { get; private set; }

    public ActivityServices? Activities { get; private set; }

    public string ServerDescription { get; private set; } = string.Empty;

    /// <summary>
    /// The Temporal Web UI of the server, without a trailing slash: the embedded server's or the temporal
    /// CLI's (the one of the Starter that owns <c>.local/</c> when this one follows it), TEMPORAL_UI_URL for a
    /// configured server; null when there is none.
    /// </summary>
    public string? UiUrl { get; private set; }

    /// <summary>The UI's page of a workflow (its latest run), or of one run's history; null without a UI.</summary>
    public string? UiPage(string workflowId, string? runId = null) => UiUrl is null
        ? null
        : $"{UiUrl}/namespaces/{Uri.EscapeDataString(Client.Options.Namespace)}/workflows/{Uri.EscapeDataString(workflowId)}"
            + (runId is null ? string.Empty : $"/{Uri.EscapeDataString(runId)}/history");

    /// <summary>The factor the runs started here pass for their activity retry intervals: the embedded sandbox's time scale, else none.</summary>
    public double? RetryScale { get; private set; }

    /// <summary>True when this process owns the embedded services (and so a running workflow found in them is an orphan to resume).</summary>
    public bool OwnsLocalState { get; private set; }

    /// <summary>True when another Starter owns <c>.local/</c> and this one only follows through its server.</summary>
    public bool FollowsAnotherStarter { get; private set; }

    /// <summary>True when the run search attributes (Environment, RunKind, Phase) are registered on the namespace, so runs started here carry them.</summary>
    public bool RunsCarrySearchAttributes { get; private set; }

    /// <summary>How a run of <paramref name="kind"/> for <paramref name="environment"/> is started: its id, and its search attributes where the server has them.</summary>
    public WorkflowOptions StartOptions(string id, string environment, string kind)
    {
        var options = StarterCommands.StartOptions(id);
        if (RunsCarrySearchAttributes)
        {
            options.TypedSearchAttributes = RunSearchAttributes.ForStart(environment, kind);
        }
        return options;
    }

    /// <summary>Ends when the worker of this process stops for any other reason than the runtime's disposal (never, without a worker).</summary>
    public Task WorkerStopped => _worker;

    public static async Task<StarterRuntime> StartAsync(StarterContext context, RuntimeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        // The SDK's and the worker's lines go to logs/<log key>.log (and the run's own files), on the console only with --verbose.
        var log = RunLogging.Configure(new Serilog.LoggerConfiguration(), Path.Combine(context.RepositoryRoot, "logs"), context.Verbose ? context.Error : null, request.LogKey).CreateLogger();
        var route = SdkLogging.RouteTo(log);
        try
        {
            var runtime = await StartAsync(context, request, log, cancellationToken).ConfigureAwait(false);
            runtime._log = log;
            runtime._sdkRoute = route;
            await runtime.RegisterSearchAttributesAsync(log).ConfigureAwait(false);
            return runtime;
        }
        catch
        {
            route.Dispose();
            await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Registers the run search attributes that are missing (idempotent). A server that does not
    /// allow it (for example Temporal Cloud, where they are added in its console) gets runs
    /// without them; that is logged, and nothing else changes.
    /// </summary>
    private async Task RegisterSearchAttributesAsync(Serilog.ILogger log)
    {
        var ns = Client.Options.Namespace;
        try
        {
            var listed = await Client.Connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = ns }).ConfigureAwait(false);
            var missing = RunSearchAttributes.All.Where(key => !listed.CustomAttributes.ContainsKey(key.Name)).ToList();
            if (missing.Count > 0)
            {
                var request = new AddSearchAttributesRequest { Namespace = ns };
                foreach (var key in missing)
                {
                    request.SearchAttributes[key.Name] = IndexedValueType.Keyword;
                }
                await Client.Connection.OperatorService.AddSearchAttributesAsync(request).ConfigureAwait(false);
            }
            RunsCarrySearchAttributes = true;
        }
        catch (RpcException e)
        {
            log.Warning("Runs start without the search attributes {Attributes}: the server refused to register them ({Reason})",
                string.Join(", ", RunSearchAttributes.All.Select(key => key.Name)), e.Message);
        }
    }

    /// <summary>The server configured through the SDK's environment configuration, if any (exit 2 when its settings are unusable).</summary>
    public static TemporalClientConnectOptions? ConfiguredServer(StarterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return TemporalSettings.Load(context.Environment);
        }
        catch (TemporalConfigurationException e)
        {
            throw new StarterException(e.Message, 2);
        }
    }

    private static async Task<TemporalClient> ConnectClientAsync(TemporalClientConnectOptions connection, Serilog.ILogger log)
    {
        var options = (TemporalClientConnectOptions)connection.Clone();
        options.Runtime = SdkLogging.Runtime;
        options.LoggerFactory = SdkLogging.LoggerFactory(log);
        return await TemporalClient.ConnectAsync(options).ConfigureAwait(false);
    }

    private static async Task<StarterRuntime> StartAsync(StarterContext context, RuntimeRequest request, Serilog.ILogger log, CancellationToken cancellationToken)
    {
        if (ConfiguredServer(context) is { } configured)
        {
            if (request.Sandbox)
            {
                throw new StarterException("--sandbox starts its own Temporal server: unset TEMPORAL_ADDRESS (and the temporal.toml profile), or drop --sandbox and point the worker at your cloud", 2);
            }
            return await ConnectAsync(context, configured, request.NeedWorker, log).ConfigureAwait(false);
        }
        Directory.CreateDirectory(context.LocalStateDirectory);
        var port = int.TryParse(context.Environment("TEMPORAL_PORT"), out var configuredPort) ? configuredPort : 7233;
        if (TryLock(context) is not { } held)
        {
            // Another Starter owns .local/: talk to its server, whose worker runs the workflows.
            var shared = await ConnectClientAsync(new TemporalClientConnectOptions($"127.0.0.1:{port}"), log).ConfigureAwait(false);
            return new StarterRuntime(shared)
            {
                FollowsAnotherStarter = true,
                UiUrl = ReadUiAddress(context),
                ServerDescription = $"Temporal server: the one of the Starter that owns {context.LocalStateDirectory} (127.0.0.1:{port})",
            };
        }
        return await StartOwnedAsync(context, request, held, port, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After the owner of <c>.local/</c> exited: take .local/ over (the server with its state, the sandbox
    /// with <c>--sandbox</c>, a worker) and return the new runtime; null while another Starter still holds it.
    /// </summary>
    public static async Task<StarterRuntime?> TryTakeOverAsync(StarterContext context, RuntimeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (TryLock(context) is not { } held)
        {
            return null;
        }
        await held.DisposeAsync().ConfigureAwait(false);
        var runtime = await StartAsync(context, request, cancellationToken).ConfigureAwait(false);
        if (runtime.OwnsLocalState)
        {
            return runtime;
        }
        await runtime.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private static FileStream? TryLock(StarterContext context)
    {
        try
        {
            return new FileStream(Path.Combine(context.LocalStateDirectory, "starter.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<StarterRuntime> StartOwnedAsync(StarterContext context, RuntimeRequest request, FileStream held, int port, Serilog.ILogger log, CancellationToken cancellationToken)
    {
        var owned = new List<IAsyncDisposable>();
        try
        {
            SandboxHost? sandboxHost = null;
            var variables = new Dictionary<string, string?>();
            if (request.Sandbox)
            {
                sandboxHost = await StartSandboxAsync(context, request.TimeScale, variables, cancellationToken).ConfigureAwait(false);
                owned.Add(sandboxHost);
            }
            var server = await SelectServerAsync(context, port, cancellationToken).ConfigureAwait(false);
            owned.Insert(0, server);
            var client = await ConnectClientAsync(server.Connection, log).ConfigureAwait(false);
            var runtime = new StarterRuntime(client)
            {
                Sandbox = sandboxHost,
                ServerDescription = server.Description,
                UiUrl = server.UiUrl?.TrimEnd('/'),
                OwnsLocalState = true,
                _lock = held,
            };
            WriteUiAddress(context, runtime.UiUrl);
            runtime._owned.AddRange(owned);
            var scale = request.Sandbox ? Math.Max(request.TimeScale, 0.0001) : 1.0;
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
            if (request.NeedWorker)
            {
                runtime.StartWorker(options, log);
            }
            return runtime;
        }
        catch
        {
            for (var i = owned.Count - 1; i >= 0; i--)
            {
                await owned[i].DisposeAsync().ConfigureAwait(false);
            }
            await held.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Where the owner of <c>.local/</c> records its server's UI address, for the Starters that follow it.</summary>
    private static string UiAddressFile(StarterContext context) => Path.Combine(context.LocalStateDirectory, "temporal-ui.url");

    private static void WriteUiAddress(StarterContext context, string? uiUrl)
    {
        if (uiUrl is null)
        {
            File.Delete(UiAddressFile(context));
            return;
        }
        File.WriteAllText(UiAddressFile(context), uiUrl);
    }

    private static string? ReadUiAddress(StarterContext context)
    {
        try
        {
            return File.ReadAllText(UiAddressFile(context)).Trim() is { Length: > 0 } address ? address : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// TEMPORAL_UI_PORT: the embedded server's UI port (0 picks a free one), or <c>off</c> for none;
    /// unset, the gRPC port + 1000. Anything else is bad input (exit 2).
    /// </summary>
    private static (bool WebUi, int? Port) UiSettings(StarterContext context) => context.Environment("TEMPORAL_UI_PORT") switch
    {
        null or "" => (true, null),
        "off" => (false, null),
        var value when int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535 => (true, port),
        var value => throw new StarterException($"TEMPORAL_UI_PORT must be a port number (0 picks a free one) or off, got '{value}'", 2),
    };

    private static async Task<TemporalServerHandle> SelectServerAsync(StarterContext context, int port, CancellationToken cancellationToken)
    {
        var (webUi, uiPort) = UiSettings(context);
        try
        {
            return await TemporalServerSelector.SelectAsync(new TemporalServerRequest
            {
                StateFile = Path.Combine(context.LocalStateDirectory, "temporal.db"),
                Port = port,
                Environment = context.Environment,
                WebUi = webUi,
                UiPort = uiPort,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerStateUnreadableException e)
        {
            throw new StarterException($"{e.Message}. Move it aside (mv {e.Path} {e.Path}.broken) and run the command again: "
                + "the runs recorded in it are forgotten, the sandbox's resources are kept and the next setup adopts them", 2);
        }
        catch (TemporalServerStartException e)
        {
            throw new StarterException(e.Message, 1);
        }
    }

    private static async Task<SandboxHost> StartSandboxAsync(StarterContext context, double timeScale, Dictionary<string, string?> variables, CancellationToken cancellationToken)
    {
        // SANDBOX_PORT fixes the port of its Scaleway API and /sandbox admin API (to watch its request log or inject faults from outside); a free one otherwise.
        var port = context.Environment("SANDBOX_PORT") is { Length: > 0 } text
            ? int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fixedPort) && fixedPort is > 0 and < 65536
                ? fixedPort
                : throw new StarterException($"SANDBOX_PORT={text} is not a TCP port (1-65535)", 2)
            : 0;
        var sandboxHost = await SandboxHost.StartAsync(new SandboxHostOptions
        {
            StateDirectory = Path.Combine(context.LocalStateDirectory, "sandbox"),
            TimeScale = timeScale,
            ScalewayPort = port,
        }, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in sandboxHost.ClientEnvironment)
        {
            variables[name] = value;
        }
        return sandboxHost;
    }

    private static TimeSpan Clamp(TimeSpan interval) =>
        interval < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : interval;

    private static async Task<StarterRuntime> ConnectAsync(StarterContext context, TemporalClientConnectOptions connection, bool needWorker, Serilog.ILogger log)
    {
        var client = await ConnectClientAsync(connection, log).ConfigureAwait(false);
        var runtime = new StarterRuntime(client)
        {
            ServerDescription = $"Temporal server: external at {TemporalSettings.Describe(connection)}",
            UiUrl = context.Environment("TEMPORAL_UI_URL") is { Length: > 0 } ui ? ui.TrimEnd('/') : null,
        };
        // Against a configured server the workflows run on its workers; CODER_BOOTSTRAP_IN_PROCESS_WORKER=1 adds one here.
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
        var stop = _workerStop.Token;
        _worker = Task.Run(async () =>
        {
            try
            {
                await worker.ExecuteAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.Error(e, "The in-process worker stopped");
                throw;
            }
            finally
            {
                worker.Dispose();
            }
        }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _workerStop.CancelAsync().ConfigureAwait(false);
        if (Activities is not null)
        {
            try
            {
                await _worker.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Already reported by whoever watched WorkerStopped; the log has the details.
            }
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
