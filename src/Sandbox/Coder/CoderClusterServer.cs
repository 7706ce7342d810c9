using System.Net;
using CoderBootstrap.Sandbox.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>
/// The listener in front of one cluster's emulated Coder, as the cluster's load balancer: it answers
/// 503 while the Coder deployment is not available and forwards to the Coder API once it is.
/// </summary>
internal sealed class CoderClusterServer(string clusterId, ISandboxRuntime runtime, CoderBackendState backend, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private const string NoBackendBody =
        "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n";

    private readonly CoderClusterApi _api = new(clusterId, runtime, backend, loggerFactory.CreateLogger<CoderClusterApi>());
    private WebApplication? _application;

    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var previousPort = _api.LastPort;
        if (previousPort > 0)
        {
            try
            {
                _application = await StartListeningAsync(previousPort, cancellationToken);
            }
            catch (IOException)
            {
                // The previous port is taken now; any free port will do.
            }
        }

        _application ??= await StartListeningAsync(0, cancellationToken);
        var address = _application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
        _api.LastPort = Port;
        loggerFactory.CreateLogger<CoderClusterServer>().LogInformation("Sandbox Coder of cluster {ClusterId} listening on 127.0.0.1:{Port}", clusterId, Port);
    }

    private async Task<WebApplication> StartListeningAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.AddServerHeader = false;
        });
        var application = builder.Build();
        application.Run(HandleAsync);
        try
        {
            await application.StartAsync(cancellationToken);
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }

        return application;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!backend.Current.Available)
        {
            context.Response.StatusCode = 503;
            context.Response.ContentType = "text/html";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.WriteAsync(NoBackendBody, context.RequestAborted);
            return;
        }

        await _api.ServeAsync(context);
    }

    public async ValueTask DisposeAsync()
    {
        if (_application is not null)
        {
            await _application.StopAsync(CancellationToken.None);
            await _application.DisposeAsync();
            _application = null;
        }
    }
}
