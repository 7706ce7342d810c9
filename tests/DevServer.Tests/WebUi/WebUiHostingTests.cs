using System.Net;
using System.Net.Sockets;
using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.DevServer.Http;

namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>How the Web UI is switched on, where it listens, and that nothing about it can stop the server.</summary>
public sealed class WebUiHostingTests
{
    [Fact]
    public async Task ServerEmbeddedWithDefaultOptionsIsHeadless()
    {
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions());

        Assert.Null(server.UiAddress);
    }

    [Fact]
    public async Task UiPortDefaultsToTheGrpcPortPlus1000()
    {
        var grpcPort = FreePortWithFreePortAbove(1000);

        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = grpcPort, Headless = false, UiAssetPath = EmptySite() });

        Assert.Equal($"http://127.0.0.1:{grpcPort + 1000}", server.UiAddress);
    }

    [Fact]
    public async Task UiPortInUseLeavesTheServerRunningHeadlessAndSaysWhyInOneLine()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var taken = ((IPEndPoint)blocker.LocalEndpoint).Port;

        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { Headless = false, UiPort = taken, UiAssetPath = EmptySite() });

        Assert.Null(server.UiAddress);
        Assert.Contains($"port {taken} is in use", server.UiStatus, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', server.UiStatus);
    }

    [Fact]
    public async Task UiThatCannotBeLoadedAnswersPagesWith503SayingWhyWhileTheApiWorks()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-ui-{Guid.NewGuid():N}");
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { Headless = false, UiPort = 0, UiAssetPath = missing });
        using var http = new HttpClient { BaseAddress = new Uri(server.UiAddress!) };

        using var page = await http.GetAsync("/namespaces/default/workflows");
        using var api = await http.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("has no index.html", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public void CommandLineTurnsTheUiOnByDefaultAsTheTemporalCliDoes() =>
        Assert.False(DevServerCommandLine.Parse([]).Headless);

    [Fact]
    public void HeadlessFlagTurnsTheUiOff() =>
        Assert.True(DevServerCommandLine.Parse(["server", "start-dev", "--headless"]).Headless);

    [Fact]
    public void UiPortUiIpAndAssetPathAreRead()
    {
        var options = DevServerCommandLine.Parse(["--ui-port", "8233", "--ui-ip", "0.0.0.0", "--ui-asset-path", "/srv/ui"]);

        Assert.Equal((8233, "0.0.0.0", "/srv/ui"), (options.UiPort, options.UiIp, options.UiAssetPath));
    }

    [Fact]
    public async Task BuildOfSourcesWithoutALockFileFailsWithOneLineSayingSo()
    {
        var sources = Directory.CreateTempSubdirectory("ui-src-").FullName;

        var error = await Assert.ThrowsAsync<WebUiBuildException>(() => WebUiBuild.EnsureBuiltAsync(sources, Path.Combine(sources, "cache")));

        Assert.Contains("package-lock.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void BuiltSiteIsKeyedByTheSourcesSoAChangedSourceIsRebuilt()
    {
        var sources = Directory.CreateTempSubdirectory("ui-src-").FullName;
        File.WriteAllText(Path.Combine(sources, "package-lock.json"), "{}");
        var before = WebUiBuild.SiteDirectory(sources, "/cache");

        File.WriteAllText(Path.Combine(sources, "package-lock.json"), """{"changed":true}""");

        Assert.NotEqual(before, WebUiBuild.SiteDirectory(sources, "/cache"));
    }

    [Fact]
    public void ShippedUiSourcesPinTheUiPackageExactly()
    {
        var package = File.ReadAllText(Path.Combine(WebUiBuild.DefaultSourceDirectory, "package.json"));

        Assert.Contains("\"@temporalio/ui\": \"2.38.0\"", package, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(WebUiBuild.DefaultSourceDirectory, "package-lock.json")));
    }

    private static string EmptySite()
    {
        var site = Directory.CreateTempSubdirectory("ui-site-").FullName;
        File.WriteAllText(Path.Combine(site, "index.html"), "<!doctype html>");
        return site;
    }

    private static int FreePortWithFreePortAbove(int offset)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = ServerProcess.FreePort();
            if (port + offset <= 65535 && IsFree(port + offset))
            {
                return port;
            }
        }
        throw new InvalidOperationException("no free pair of ports found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
