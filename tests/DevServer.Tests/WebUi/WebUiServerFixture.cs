using CoderBootstrap.DevServer.Hosting;
using Temporalio.Client;

namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>
/// An embedded server with its Web UI listener on a free port, serving a small static site of its
/// own (an index.html and one hashed asset) in place of the built UI, and a client of each kind.
/// </summary>
public sealed class WebUiServerFixture : IAsyncLifetime
{
    public const string IndexMarker = "<!-- devserver web ui test page -->";

    private readonly string _site = Path.Combine(Path.GetTempPath(), $"devserver-ui-site-{Guid.NewGuid():N}");

    public TemporalDevServer Server { get; private set; } = null!;

    public TemporalClient Client { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_site, "_app", "immutable"));
        await File.WriteAllTextAsync(Path.Combine(_site, "index.html"), $"<!doctype html><html>{IndexMarker}</html>");
        await File.WriteAllTextAsync(Path.Combine(_site, "_app", "immutable", "start.js"), "export const started = true;");
        Server = await TemporalDevServer.StartAsync(new DevServerOptions { Headless = false, UiPort = 0, UiAssetPath = _site });
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Server.Address));
        Http = new HttpClient { BaseAddress = new Uri(Server.UiAddress!), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_site, recursive: true);
    }
}
