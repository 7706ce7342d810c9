using System.Net;
using CoderBootstrap.DevServer.Engine;
using CoderBootstrap.DevServer.Grpc;
using CoderBootstrap.DevServer.Http;
using CoderBootstrap.DevServer.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.DevServer.Hosting;

/// <summary>
/// The embedded Temporal-compatible server: Kestrel speaking HTTP/2 cleartext (h2c) on loopback
/// with Temporal's WorkflowService, and unless headless the Web UI with its HTTP API on a port of
/// its own. Start it in-process, read <see cref="Address"/> (and <see cref="UiAddress"/>), dispose it.
/// </summary>
public sealed class TemporalDevServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TemporalDevServer(WebApplication app, ServerEngine engine, string address, string? dbFilename, WebUiHost? webUi, string uiStatus)
    {
        _app = app;
        Engine = engine;
        Address = address;
        DbFilename = dbFilename;
        WebUi = webUi;
        UiStatus = uiStatus;
    }

    /// <summary>host:port for <c>TemporalClient.ConnectAsync</c>.</summary>
    public string Address { get; }

    /// <summary>http://host:port of the Web UI (whose HTTP API is under /api/v1); null when headless or when its port could not be bound.</summary>
    public string? UiAddress => WebUi?.Address;

    /// <summary>The Web UI listener; its <see cref="WebUiHost.Site"/> completes when the pages are built.</summary>
    public WebUiHost? WebUi { get; }

    /// <summary>One line about the Web UI for the server's output: its address, or why there is none.</summary>
    public string UiStatus { get; }

    public string? DbFilename { get; }

    public ServerEngine Engine { get; }

    public static async Task<TemporalDevServer> StartAsync(DevServerOptions options, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.TryParse(options.Ip, out var ip))
        {
            throw new ArgumentException($"--ip must be an IPv4 or IPv6 address, got '{options.Ip}'", nameof(options));
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(TemporalDevServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        var level = ParseLogLevel(options.LogLevel);
        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddFilter("Microsoft.AspNetCore", level < LogLevel.Warning ? LogLevel.Warning : level);
        builder.Logging.AddFilter("Grpc.AspNetCore", level < LogLevel.Warning ? LogLevel.Warning : level);
        // A listener that cannot bind fails StartAsync with that error; the host would also log it with its stack.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ip, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (options.TlsCertificateFile is { } certificate)
                {
                    listen.UseHttps(https => ServerTls.Configure(https, certificate, options.TlsKeyFile!, options.TlsClientCaFile));
                }
            });
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.MaxRequestBodySize = 256 * 1024 * 1024;
        });
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = 128 * 1024 * 1024;
            grpc.MaxSendMessageSize = 128 * 1024 * 1024;
        });
        var searchAttributes = options.SearchAttributes.Select(SearchAttributeRegistry.ParseDefinition).ToDictionary(a => a.Name, a => a.Type);
        // The store is opened (and its runs rebuilt) when the engine is first resolved below, so an
        // unreadable state file surfaces there as one ServerStateUnreadableException.
        builder.Services.AddSingleton(sp => new ServerEngine(
            options.DbFilename is { Length: > 0 } file ? new SqliteServerStore(file) : new InMemoryServerStore(),
            TimeProvider.System, sp.GetRequiredService<ILoggerFactory>().CreateLogger("temporal-devserver"), options.Namespaces, searchAttributes));
        builder.Services.AddSingleton<WorkflowServiceEndpoint>();
        builder.Services.AddSingleton<OperatorServiceEndpoint>();
        builder.Services.AddSingleton<HealthService>();
        var app = builder.Build();
        app.MapGrpcService<WorkflowServiceEndpoint>();
        app.MapGrpcService<OperatorServiceEndpoint>();
        app.MapGrpcService<HealthService>();
        ServerEngine engine;
        try
        {
            engine = app.Services.GetRequiredService<ServerEngine>();
        }
        catch (Exception e) when (options.DbFilename is not null
            && e is Microsoft.Data.Sqlite.SqliteException or System.Text.Json.JsonException or Google.Protobuf.InvalidProtocolBufferException or IOException or UnauthorizedAccessException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ServerStateUnreadableException(Path.GetFullPath(options.DbFilename), e);
        }
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        var (webUi, uiStatus) = options.Headless
            ? (null, "no web UI (headless)")
            : await WebUiStartup.StartAsync(options, ip, port, app.Services, app.Lifetime.ApplicationStopping, cancellationToken).ConfigureAwait(false);
        return new TemporalDevServer(app, engine, $"{host}:{port}", options.DbFilename, webUi, uiStatus);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    private static LogLevel ParseLogLevel(string level) => level.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        "never" => LogLevel.None,
        _ => throw new ArgumentException($"--log-level must be one of debug, info, warn, error, fatal, never; got '{level}'"),
    };

    public async ValueTask DisposeAsync()
    {
        if (WebUi is not null)
        {
            await WebUi.DisposeAsync().ConfigureAwait(false);
        }
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
