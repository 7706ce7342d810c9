using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.DevServer.Http;

/// <summary>
/// The Web UI's own HTTP/1.1 listener: <c>/api/v1/...</c> through the <see cref="HttpGateway"/>, the
/// built single-page app at <c>/</c> (every other path answers its <c>index.html</c>, so deep links
/// work). The API is served at once; the pages as soon as <see cref="Site"/> completes.
/// </summary>
public sealed class WebUiHost : IAsyncDisposable
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly WebApplication _app;
    private readonly Lazy<PhysicalFileProvider> _pages;

    private WebUiHost(WebApplication app, Lazy<PhysicalFileProvider> pages, string address, Task<string> site)
    {
        _app = app;
        _pages = pages;
        Address = address;
        Site = site;
    }

    /// <summary>http://host:port of the UI.</summary>
    public string Address { get; }

    /// <summary>The folder of the built UI; faults with <see cref="WebUiBuildException"/> when it cannot be built.</summary>
    public Task<string> Site { get; }

    public static async Task<WebUiHost> StartAsync(IPAddress ip, int port, HttpGateway gateway, Task<string> site, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WebUiHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, Hosting.EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ip, port, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        // Only read once ServePageAsync has seen the build finish successfully: Result does not block.
#pragma warning disable VSTHRD002
        var pages = new Lazy<PhysicalFileProvider>(() => new PhysicalFileProvider(site.Result));
#pragma warning restore VSTHRD002
        app.Run(async context =>
        {
            if (context.Request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
            {
                await gateway.HandleAsync(context).ConfigureAwait(false);
                return;
            }
            try
            {
                await ServePageAsync(context, site, pages).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "web UI page {Path} failed", context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        return new WebUiHost(app, pages, $"http://{host}:{bound.Port}", site);
    }

    private static async Task ServePageAsync(HttpContext context, Task<string> site, Lazy<PhysicalFileProvider> pages)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (!site.IsCompletedSuccessfully)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers.RetryAfter = "10";
            var why = site.IsFaulted
                ? $"The Temporal Web UI is not available: {site.Exception!.GetBaseException().Message}. The server and its HTTP API (/api/v1) run without it."
                : "The Temporal Web UI is being built (first use: npm ci and vite build, a minute or two). Reload this page shortly.";
            await context.Response.WriteAsync(why + "\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var files = pages.Value;
        var requested = Uri.UnescapeDataString(context.Request.Path.Value ?? "/");
        var file = requested.EndsWith('/') ? null : files.GetFileInfo(requested);
        var isAsset = file is { Exists: true, IsDirectory: false };
        if (!isAsset)
        {
            file = files.GetFileInfo("/index.html");
        }
        context.Response.ContentType = ContentTypes.TryGetContentType(file!.Name, out var type) ? type : "application/octet-stream";
        // SvelteKit names its hashed bundles under _app/immutable; the page itself must always be fresh.
        context.Response.Headers.CacheControl = isAsset && requested.StartsWith("/_app/immutable/", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        context.Response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        await context.Response.SendFileAsync(file, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_pages.IsValueCreated)
        {
            _pages.Value.Dispose();
        }
    }
}
