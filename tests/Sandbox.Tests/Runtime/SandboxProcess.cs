using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

/// <summary>The sandbox executable run as a child process (as the Starter runs it), with the endpoints it printed.</summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SandboxProcess(Process process, JsonNode description)
    {
        _process = process;
        Description = description;
    }

    public JsonNode Description { get; }

    public int Id => _process.Id;

    public string ScalewayUrl => Description["scaleway"]!.GetValue<string>();

    public string Token => Description["token"]!.GetValue<string>();

    public static async Task<SandboxProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "sandbox.dll"), "--json", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
            return new SandboxProcess(process, JsonNode.Parse(line ?? throw new InvalidOperationException("The sandbox exited before printing its endpoints."))!);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public HttpClient CreateScalewayClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(ScalewayUrl) };
        client.DefaultRequestHeaders.Add("X-Auth-Token", Token);
        return client;
    }

    /// <summary>SIGKILL of the sandbox process alone: nothing of it runs any more, its children are not signalled.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a supervisor stops it: the sandbox stops its PostgreSQL servers and exits.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        if (!await WaitForExitAsync(TimeSpan.FromSeconds(60)))
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
