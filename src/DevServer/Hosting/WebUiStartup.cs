using System.Net;
using System.Net.Sockets;
using CoderBootstrap.DevServer.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.DevServer.Hosting;

/// <summary>
/// Starts the Web UI beside a running gRPC frontend. Nothing here can fail the server: a UI port
/// in use or a UI that cannot be built leaves the server headless, said in one line.
/// </summary>
internal static class WebUiStartup
{
    /// <summary>The @temporalio/ui version pinned in src/DevServer/ui/package.json, reported by /api/v1/settings.</summary>
    public const string UiVersion = "2.38.0";

    private static readonly HttpRouteTable Routes = HttpRouteTable.FromDescriptors(HttpRouteTable.TemporalServices);

    public static async Task<(WebUiHost? Host, string Status)> StartAsync(
        DevServerOptions options, IPAddress grpcIp, int grpcPort, IServiceProvider services, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("temporal-devserver");
        if (!IPAddress.TryParse(options.UiIp ?? grpcIp.ToString(), out var ip))
        {
            throw new ArgumentException($"--ui-ip must be an IPv4 or IPv6 address, got '{options.UiIp}'", nameof(options));
        }
        var port = options.UiPort ?? (options.Port == 0 || grpcPort + 1000 > 65535 ? 0 : grpcPort + 1000);
        var site = options.UiAssetPath is { } assetPath && Path.GetFullPath(assetPath) is var prebuilt
            ? WebUiBuild.IsBuilt(prebuilt)
                ? Task.FromResult(prebuilt)
                : Task.FromException<string>(new WebUiBuildException($"--ui-asset-path {prebuilt} has no index.html"))
            : BuildInBackground(options.UiCacheDirectory ?? WebUiBuild.DefaultCacheDirectory, logger, stopping);
        var gateway = new HttpGateway(
            Routes,
            InProcessServiceMethods.Capture(services, InProcessServiceMethods.ServicesOf(typeof(WebUiStartup).Assembly)),
            new UiSettings("default", UiVersion),
            logger);
        WebUiHost host;
        try
        {
            host = await WebUiHost.StartAsync(ip, port, gateway, site, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"no web UI: port {port} is in use (--ui-port picks another)");
        }
        _ = site.ContinueWith(
            t => logger.LogWarning("web UI unavailable, the server runs without it: {Reason}", t.Exception!.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var status = site.IsCompletedSuccessfully
            ? $"web UI {host.Address}"
            : site.IsFaulted
                ? $"web UI {host.Address} unavailable: {site.Exception!.GetBaseException().Message}"
                : $"web UI {host.Address} (being built at first use, a minute or two)";
        return (host, status);
    }

    private static Task<string> BuildInBackground(string cacheDirectory, ILogger logger, CancellationToken stopping)
    {
        var source = WebUiBuild.DefaultSourceDirectory;
        if (File.Exists(Path.Combine(source, "package-lock.json")) && WebUiBuild.IsBuilt(WebUiBuild.SiteDirectory(source, cacheDirectory)))
        {
            return Task.FromResult(WebUiBuild.SiteDirectory(source, cacheDirectory));
        }
        return Task.Run(async () =>
        {
            var site = await WebUiBuild.EnsureBuiltAsync(source, cacheDirectory, stopping).ConfigureAwait(false);
            logger.LogInformation("web UI built into {Site}", site);
            return site;
        }, stopping);
    }
}
