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
