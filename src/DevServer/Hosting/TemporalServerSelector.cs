using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CoderBootstrap.DevServer.Hosting;

public enum TemporalServerKind
{
    /// <summary>An already running server named by TEMPORAL_ADDRESS (a cluster, Temporal Cloud, a local dev server).</summary>
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

    internal TemporalServerHandle(TemporalServerKind kind, string address, string ns, string? uiUrl, string description, Func<ValueTask> stop)
    {
        Kind = kind;
        Address = address;
        Namespace = ns;
        UiUrl = uiUrl;
        Description = description;
        _stop = stop;
    }

    public TemporalServerKind Kind { get; }

    public string Address { get; }

    public string Namespace { get; }

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
}

/// <summary>
/// The one place that decides which Temporal server the product uses, in this order:
/// TEMPORAL_ADDRESS (external) → a <c>temporal</c> executable from TEMPORAL_CLI_PATH or PATH (real dev
/// server with its UI) → the embedded server. Used by the tests, the Worker and the Starter.
/// </summary>
public static class TemporalServerSelector
{
    public static async Task<TemporalServerHandle> SelectAsync(TemporalServerRequest request, CancellationToken cancellationToken = default)
    {
        var env = request.Environment;
        var ns = env("TEMPORAL_NAMESPACE") is { Length: > 0 } configured ? configured : "default";
        if (env("TEMPORAL_ADDRESS") is { Length: > 0 } address)
        {
            return new TemporalServerHandle(TemporalServerKind.External, address, ns, env("TEMPORAL_UI_URL"),
                $"Temporal server: external at {address} (TEMPORAL_ADDRESS), namespace {ns}", () => ValueTask.CompletedTask);
        }
        if (FindTemporalCli(env) is { } cli)
        {
            return await StartTemporalCliAsync(cli, ns, request, cancellationToken).ConfigureAwait(false);
        }
        var server = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = request.Port,
            DbFilename = request.StateFile,
            Namespaces = ns == "default" ? [] : [ns],
        }, cancellationToken).ConfigureAwait(false);
        var state = request.StateFile is null ? "in memory" : $"state in {request.StateFile}";
        return new TemporalServerHandle(TemporalServerKind.Embedded, server.Address, ns, null,
            $"Temporal server: embedded at {server.Address} ({state}; no temporal CLI found and TEMPORAL_ADDRESS unset)", server.DisposeAsync);
    }

    internal static string? FindTemporalCli(Func<string, string?> env)
    {
        if (env("TEMPORAL_CLI_PATH") is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"TEMPORAL_CLI_PATH points to a missing file: {explicitPath}");
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
        foreach (var arg in new[] { "server", "start-dev", "--ip", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ui-port", uiPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--namespace", ns, "--log-level", "warn" })
        {
            start.ArgumentList.Add(arg);
        }
        if (request.StateFile is { } file)
        {
            start.ArgumentList.Add("--db-filename");
            start.ArgumentList.Add(file);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {cli}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitForPortAsync(port, process, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        var address = $"127.0.0.1:{port}";
        return new TemporalServerHandle(TemporalServerKind.TemporalCli, address, ns, $"http://127.0.0.1:{uiPort}",
            $"Temporal server: temporal CLI dev server {cli} at {address}, web UI http://127.0.0.1:{uiPort}", async () =>
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
                process.Dispose();
            });
    }

    private static async Task WaitForPortAsync(int port, Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"temporal CLI exited with code {process.ExitCode} before listening on port {port}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
        throw new TimeoutException($"temporal CLI did not listen on port {port} within {timeout.TotalSeconds} s");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
