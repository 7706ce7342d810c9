using CoderBootstrap.DevServer.Hosting;
using Temporalio.Client;

namespace CoderBootstrap.DevServer.Tests;

/// <summary>One embedded server (in memory) and a connected client shared by a test class.</summary>
public sealed class EmbeddedServerFixture : IAsyncLifetime
{
    private TemporalDevServer? _server;

    public TemporalClient Client { get; private set; } = null!;

    public TemporalDevServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = await TemporalDevServer.StartAsync(new DevServerOptions { Namespaces = ["second"] });
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(_server.Address));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public static string NewTaskQueue() => $"tq-{Guid.NewGuid():N}";
}
