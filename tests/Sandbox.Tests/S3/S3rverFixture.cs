using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CoderBootstrap.Sandbox.Tests.Support;

namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>
/// s3rver (npm <c>s3rver@3</c>, an S3 implementation we did not write) on a free port with a temp
/// directory and its default credentials. When it is not installed its tests are skipped at discovery
/// (<see cref="S3FactAttribute"/>); when installed but it cannot start, <see cref="UnavailableReason"/> says why and the tests fail.
/// </summary>
public sealed class S3rverFixture : IS3TestEndpoint, IAsyncLifetime
{
    private readonly TemporaryDirectory _dataDirectory = new();
    private Process? _process;

    public string ServiceUrl { get; private set; } = "";

    public string AccessKey => "S3RVER";

    public string SecretKey => "S3RVER";

    public string? UnavailableReason { get; private set; }

    public async Task InitializeAsync()
    {
        var scriptPath = S3rverLocator.FindScript();
        if (scriptPath is null)
        {
            UnavailableReason = S3rverLocator.MissingMessage;
            return;
        }

        var port = FreePort();
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { scriptPath, "--directory", _dataDirectory.Path, "--address", "127.0.0.1", "--port", port.ToString(), "--silent" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(startInfo) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            UnavailableReason = $"s3rver could not be started with node ({error.Message})";
            return;
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                UnavailableReason = $"s3rver exited with code {_process.ExitCode} at startup";
                return;
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                ServiceUrl = $"http://127.0.0.1:{port}";
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        UnavailableReason = "s3rver did not open its port within 60 s";
    }

    public Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        _dataDirectory.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
