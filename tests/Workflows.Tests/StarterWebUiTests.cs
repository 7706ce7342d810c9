using System.Globalization;
using CoderBootstrap.DevServer.Hosting;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// The Starter on its embedded server points at the Temporal Web UI: `run` prints the run's page, `status`
/// links to each run's page. A copy of the repository whose pre-setup hook fails keeps the setup short.
/// </summary>
public sealed class StarterWebUiTests : IDisposable
{
    private readonly string _root = RepositoryCopy.WithHook("pre-setup", "#!/usr/bin/env bash\necho 'not today' >&2\nexit 1\n");
    private readonly int _port = TestSupport.FreePort();
    private readonly int _uiPort = TestSupport.FreePort();

    private Task<(int Code, string Out, string Error)> StarterAsync(params string[] args) =>
        StarterInvocation.RunAsync(_root, name => name switch
        {
            "TEMPORAL_PORT" => _port.ToString(CultureInfo.InvariantCulture),
            "TEMPORAL_UI_PORT" => _uiPort.ToString(CultureInfo.InvariantCulture),
            _ => null,
        }, args);

    [Fact]
    public async Task RunOnTheEmbeddedServerPrintsTheUiPageOfTheRun()
    {
        var (code, output, error) = await StarterAsync("run", "setup", "--env=dev", "--sandbox", "--time-scale=0.005");

        Assert.True(code == 1, $"the pre-setup hook was expected to fail the setup: {error}{output}");
        Assert.Contains($"Temporal UI: http://127.0.0.1:{_uiPort}/namespaces/default/workflows/setup-dev{Environment.NewLine}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusOnTheEmbeddedServerLinksToTheHistoryPageOfTheRun()
    {
        var (runCode, runOutput, runError) = await StarterAsync("run", "setup", "--env=dev", "--sandbox", "--time-scale=0.005");
        Assert.True(runCode == 1, runError + runOutput);

        var (code, output, error) = await StarterAsync("status", "--env=dev", "--sandbox");

        Assert.True(code == 0, error + output);
        // The run id the server recorded, read from the Starter's state file once it exited.
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { DbFilename = Path.Combine(_root, ".local", "temporal.db") });
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        var runId = (await client.GetWorkflowHandle(WorkflowNames.Setup("dev")).DescribeAsync()).RunId;
        Assert.Contains($"  Temporal UI: http://127.0.0.1:{_uiPort}/namespaces/default/workflows/setup-dev/{runId}/history", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStarterThatFollowsTheOwnerOfLocalStateLinksToTheOwnersUi()
    {
        // A pre-setup hook that holds the setup until the test releases it, then fails it.
        var release = Path.Combine(Directory.CreateTempSubdirectory("coder-bootstrap-release-").FullName, "release");
        var root = RepositoryCopy.WithHook("pre-setup", $"#!/usr/bin/env bash\nwhile [ ! -e '{release}' ]; do sleep 0.1; done\nexit 1\n");
        try
        {
            Task<(int Code, string Out, string Error)> Run(params string[] args) => StarterInvocation.RunAsync(root, name => name switch
            {
                "TEMPORAL_PORT" => _port.ToString(CultureInfo.InvariantCulture),
                "TEMPORAL_UI_PORT" => _uiPort.ToString(CultureInfo.InvariantCulture),
                _ => null,
            }, args);
            var owner = Run("run", "setup", "--env=dev", "--sandbox", "--time-scale=0.005");
            var follower = (Code: -1, Out: string.Empty, Error: string.Empty);
            await TestSupport.WaitUntilAsync(async () =>
            {
                follower = await Run("status", "--env=dev");
                return follower.Out.Contains("setup-dev (Running", StringComparison.Ordinal);
            });
            await File.WriteAllTextAsync(release, string.Empty);
            var (ownerCode, ownerOutput, ownerError) = await owner.WaitAsync(TimeSpan.FromMinutes(2));

            Assert.True(ownerCode == 1, ownerError + ownerOutput);
            Assert.Equal(0, follower.Code);
            // The owner's UI runs in the owner's process: the follower knows its address only from .local/temporal-ui.url.
            Assert.Contains($"  Temporal UI: http://127.0.0.1:{_uiPort}/namespaces/default/workflows/setup-dev/", follower.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.WriteAllText(release, string.Empty);
            Directory.Delete(Path.GetDirectoryName(release)!, recursive: true);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task UiPortThatIsNotAPortIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = await StarterInvocation.RunAsync(_root, name => name switch
        {
            "TEMPORAL_PORT" => _port.ToString(CultureInfo.InvariantCulture),
            "TEMPORAL_UI_PORT" => "eighty",
            _ => null,
        }, "status", "--env=dev", "--sandbox");

        Assert.Equal(2, code);
        Assert.Contains("TEMPORAL_UI_PORT must be a port number (0 picks a free one) or off, got 'eighty'", StarterInvocation.SingleErrorLine(error), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
