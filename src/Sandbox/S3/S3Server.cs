using System.Net;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>
/// The sandbox's S3-compatible object storage, path-style, on its own Kestrel listener on a free
/// 127.0.0.1 port. Requests must be signed (SigV4 header or presigned URL) with the one key pair
/// it was created with. Object bytes go to <paramref name="blobDirectory"/> when given (so a
/// restart keeps them), otherwise through the runtime's state store.
/// </summary>
public sealed class S3Server(
    ISandboxRuntime runtime,
    string accessKey,
    string secretKey,
    ILoggerFactory loggerFactory,
    string? blobDirectory) : IAsyncDisposable
{
    /// <summary>The state key of the endpoint's port: an S3 endpoint (and every presigned link to it) never moves.</summary>
    private const string EndpointStateKey = "s3.endpoint";

    private WebApplication? _application;

    public S3Server(ISandboxRuntime runtime, string accessKey, string secretKey, ILoggerFactory loggerFactory)
        : this(runtime, accessKey, secretKey, loggerFactory, null)
    {
    }

    /// <summary>Base URL of the endpoint, for example <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_application is not null)
        {
            throw new InvalidOperationException("The S3 server is already started.");
        }

        IS3BlobStore blobs = blobDirectory is null ? new StateStoreBlobStore(runtime.State) : new DirectoryBlobStore(blobDirectory);
        var storage = new S3Storage(runtime.State, blobs, runtime.Time);
        var authenticator = new S3RequestAuthenticator(accessKey, secretKey, runtime.Time);
        var api = new S3Api(runtime, storage, authenticator, loggerFactory.CreateLogger<S3Api>());

        var recordedPort = runtime.State.Load<RecordedEndpoint>(EndpointStateKey)?.Ports is [var port] ? port : 0;
        var application = await RecordedListener.StartAsync("S3 endpoint", [recordedPort], ports => Build(ports[0], api), cancellationToken);
        _application = application;

        var address = application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = "http://127.0.0.1:" + new Uri(address).Port;
        runtime.State.Save(EndpointStateKey, new RecordedEndpoint { Ports = [new Uri(address).Port] });
        loggerFactory.CreateLogger<S3Server>().LogInformation("Sandbox S3 listening on {BaseUrl}", BaseUrl);
    }

    private WebApplication Build(int port, S3Api api)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.Limits.MaxRequestBodySize = null;
            options.AddServerHeader = false;
        });
        var application = builder.Build();
        application.Run(api.ServeAsync);
        return application;
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
