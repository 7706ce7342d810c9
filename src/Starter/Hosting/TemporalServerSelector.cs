using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.Worker;
using Temporalio.Client;

namespace CoderBootstrap.Starter.Hosting;

public enum TemporalServerKind
{
    /// <summary>An already running server from the SDK's environment configuration (a cluster, Temporal Cloud, a local dev server).</summary>
    External,

    /// <summary>The real <c>temporal server start-dev</c>, from TEMPORAL_CLI_PATH or PATH (it has the web UI).</summary>
    TemporalCli,

    /// <summary>This project's embedded server.</summary>
    Embedded,
}

/// <summary>A server to connect to; disposing it stops what was started for it (nothing for an external one).</summary>
public sealed class TemporalServerHandle : IAsyncDisposable
{
    private readonly Func<ValueTask> _stop;

    internal TemporalServerHandle(TemporalServerKind kind, TemporalClientConnectOptions connection, string? uiUrl, string description, Func<ValueTask> stop)
    {
        Kind = kind;
        Connection = connection;
        UiUrl = uiUrl;
        Description = description;
        _stop = stop;
    }

    public TemporalServerKind Kind { get; }

    /// <summary>Address, namespace and credentials for <c>TemporalClient.ConnectAsync</c>.</summary>
    public TemporalClientConnectOptions Connection { get; }

    public string Address => Connection.TargetHost!;

    public string Namespace => Connection.Namespace;

    public string? UiUrl { get; }

    /// <summary>The one line that says which server was chosen and why.</summary>
    public string Description { get; }

    public ValueTask DisposeAsync() => _stop();
}

public sealed record TemporalServerRequest
{
    /// <summary>SQLite file (embedded) or database file (temporal CLI) keeping workflow state across restarts; null keeps it in memory.</summary>
    public string? StateFile { get; init; }

    /// <summary>Port to listen on when a server is started here; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Environment lookup (tests pass their own).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// The embedded server serves the Temporal Web UI (built at first use into .local/devserver-ui, in the
    /// background). False keeps it headless, as the tests' servers are.
    /// </summary>
    public bool WebUi { get; init; }

    /// <summary>Port of the embedded server's Web UI; null: the gRPC port + 1000 (as <c>temporal server start-dev</c>), 0: a free one.</summary>
    public int? UiPort { get; init; }

    /// <summary>How long a started temporal CLI may take to listen before it is stopped.</summary>
    public TimeSpan CliStartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Which Temporal server the Starter (and the tests) use, in this order: a configured one (the SDK's
/// environment configuration, see <see cref="TemporalSettings"/>) → a <c>temporal</c> executable from
/// TEMPORAL_CLI_PATH or PATH (the real dev server with its UI) → the embedded server. The Worker host
/// never selects: it connects to the configured server or stops.
/// </summary>
public static class TemporalServerSelector
{
    /// <summary>Lines of a failed temporal CLI's output shown with the failure.</summary>
    private const int OutputLinesShown = 20;

    public static async Task<TemporalServerHandle> SelectAsync(TemporalServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var env = request.Environment;
        if (TemporalSettings.Load(env) is { } configured)
        {
            return new TemporalServerHandle(TemporalServerKind.External, configured, env("TEMPORAL_UI_URL"),
                $"Temporal server: external at {TemporalSettings.Describe(configured)}", () => ValueTask.CompletedTask);
        }
        var ns = env("TEMPORAL_NAMESPACE") is { Length: > 0 } name ? name : "default";
        if (FindTemporalCli(env) is { } cli)
        {
            return await StartTemporalCliAsync(cli, ns, request, cancellationToken).ConfigureAwait(false);
        }
        var server = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = request.Port,
            DbFilename = request.StateFile,
            Namespaces = ns == "default" ? [] : [ns],
            Headless = !request.WebUi,
            UiPort = request.UiPort,
        }, cancellationToken).ConfigureAwait(false);
        var state = request.StateFile is null ? "in memory" : $"state in {request.StateFile}";
        // A UI that cannot be served (port in use, no npm) leaves the server headless: its status says why, nothing fails.
        var ui = request.WebUi ? $"; {server.UiStatus}" : string.Empty;
        return new TemporalServerHandle(TemporalServerKind.Embedded, new TemporalClientConnectOptions(server.Address) { Namespace = ns }, server.UiAddress,
            $"Temporal server: embedded at {server.Address} ({state}; no temporal CLI found and no server configured){ui}", server.DisposeAsync);
    }

    internal static string? FindTemporalCli(Func<string, string?> env)
    {
        if (env("TEMPORAL_CLI_PATH") is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? explicitPath : throw new TemporalServerStartException($"TEMPORAL_CLI_PATH points to a missing file: {explicitPath}");
        }
        foreach (var directory in (env("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "temporal.exe" : "temporal");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static async Task<TemporalServerHandle> StartTemporalCliAsync(string cli, string ns, TemporalServerRequest request, CancellationToken cancellationToken)
    {
        var port = request.Port > 0 ? request.Port : FreePort();
        var uiPort = FreePort();
        var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "server", "start-dev", "--ip", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--ui-port", uiPort.ToString(CultureInfo.InvariantCulture), "--namespace", ns, "--log-level", "warn" })
        {
            start.ArgumentList.Add(arg);
        }
        if (request.StateFile is { } file)
        {
            start.ArgumentList.Add("--db-filename");
            start.ArgumentList.Add(file);
        }
        var output = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > OutputLinesShown)
                {
                    output.Dequeue();
                }
            }
        }
        var process = Process.Start(start) ?? throw new TemporalServerStartException($"could not start {cli}");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        async ValueTask StopAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            process.Dispose();
        }
        string? failure;
        try
        {
            failure = await WaitForPortAsync(port, process, request.CliStartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
        if (failure is not null)
        {
            // A CLI that never listens is stopped, and what it said is shown: that is where the cause is.
            await StopAsync().ConfigureAwait(false);
            string said;
            lock (output)
            {
                said = output.Count == 0 ? "(it printed nothing)" : string.Join(" | ", output);
            }
            throw new TemporalServerStartException($"the temporal CLI {cli} {failure}; its output: {said}");
        }
        var address = $"127.0.0.1:{port}";
        return new TemporalServerHandle(TemporalServerKind.TemporalCli, new TemporalClientConnectOptions(address) { Namespace = ns }, $"http://127.0.0.1:{uiPort}",
            $"Temporal server: temporal CLI dev server {cli} at {address}, web UI http://127.0.0.1:{uiPort}", StopAsync);
    }

    /// <summary>Null once the port accepts connections, otherwise why it never did.</summary>
    private static async Task<string?> WaitForPortAsync(int port, Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return $"exited with code {process.ExitCode} before listening on port {port}";
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
        return $"did not listen on port {port} within {timeout.TotalSeconds:0.#} s and was stopped";
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A Temporal server could not be started here.</summary>
public sealed class TemporalServerStartException : Exception
{
    public TemporalServerStartException(string message)
        : base(message)
    {
    }
}
