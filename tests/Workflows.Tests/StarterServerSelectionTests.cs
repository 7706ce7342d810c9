using CoderBootstrap.Starter.Hosting;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Which Temporal server the Starter uses: configured, a temporal CLI, or the embedded one.</summary>
public sealed class StarterServerSelectionTests
{
    private static string DevServerExecutable => Path.Combine(AppContext.BaseDirectory, "temporal-devserver");

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string FakeCli(string body)
    {
        var bin = Directory.CreateTempSubdirectory("fake-temporal-cli-");
        var script = Path.Combine(bin.FullName, "temporal");
        File.WriteAllText(script, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin.FullName;
    }

    [Fact]
    public async Task ConfiguredAddressIsUsedAsIs()
    {
        await using var handle = await TemporalServerSelector.SelectAsync(new TemporalServerRequest
        {
            Environment = name => name switch { "TEMPORAL_ADDRESS" => "temporal.example:7233", "TEMPORAL_NAMESPACE" => "coder", _ => null },
        });
        Assert.Equal(TemporalServerKind.External, handle.Kind);
        Assert.Equal("temporal.example:7233", handle.Address);
        Assert.Equal("coder", handle.Namespace);
    }

    [Fact]
    public async Task ApiKeyFromTheEnvironmentReachesTheConnection()
    {
        await using var handle = await TemporalServerSelector.SelectAsync(new TemporalServerRequest
        {
            Environment = name => name switch { "TEMPORAL_ADDRESS" => "ns.acct.tmprl.cloud:7233", "TEMPORAL_API_KEY" => "key-123", _ => null },
        });
        Assert.Equal("key-123", handle.Connection.ApiKey);
        Assert.DoesNotContain("key-123", handle.Description);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TemporalExecutableFoundOnPathIsStarted()
    {
        // A stand-in for the real CLI: the embedded server's executable accepts the same 'server start-dev' command line.
        var bin = FakeCli($"exec \"{DevServerExecutable}\" \"$@\"");
        await using var handle = await TemporalServerSelector.SelectAsync(new TemporalServerRequest { Environment = name => name == "PATH" ? bin : null });
        Assert.Equal(TemporalServerKind.TemporalCli, handle.Kind);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(handle.Address));
        Assert.NotNull(await client.Connection.WorkflowService.GetSystemInfoAsync(new()));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TemporalExecutableThatExitsAtOnceIsReportedWithItsOutput()
    {
        var bin = FakeCli("echo 'listen tcp 127.0.0.1:7233: bind: address already in use' >&2\nexit 1");
        var error = await Assert.ThrowsAsync<TemporalServerStartException>(() =>
            TemporalServerSelector.SelectAsync(new TemporalServerRequest { Environment = name => name == "PATH" ? bin : null }));
        Assert.Contains("exited with code 1", error.Message);
        Assert.Contains("bind: address already in use", error.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TemporalExecutableThatNeverListensIsStopped()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"fake-cli-{Guid.NewGuid():N}.pid");
        var bin = FakeCli($"echo $$ > {pidFile}\necho 'starting'\nexec sleep 300");
        var error = await Assert.ThrowsAsync<TemporalServerStartException>(() => TemporalServerSelector.SelectAsync(new TemporalServerRequest
        {
            Environment = name => name == "PATH" ? bin : null,
            CliStartTimeout = TimeSpan.FromSeconds(2),
        }));
        Assert.Contains("was stopped", error.Message);
        Assert.Contains("starting", error.Message);
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
        File.Delete(pidFile);
    }

    [Fact]
    public async Task EmbeddedServerIsTheFallback()
    {
        await using var handle = await TemporalServerSelector.SelectAsync(new TemporalServerRequest { Environment = _ => null });
        Assert.Equal(TemporalServerKind.Embedded, handle.Kind);
        Assert.Contains("embedded", handle.Description);
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(handle.Address));
        Assert.NotNull(await client.Connection.WorkflowService.GetSystemInfoAsync(new()));
    }
}
