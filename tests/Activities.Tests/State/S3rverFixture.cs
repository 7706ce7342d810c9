using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Tests.State;

/// <summary>Runs one s3rver (an independent S3 implementation) on a free 127.0.0.1 port with a temporary data folder.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private Process? _process;
    private string? _dataDirectory;

    public ObjectStorageOptions Options { get; private set; } = new(new Uri("http://127.0.0.1:1"), "fr-par", "S3RVER", "S3RVER");

    public bool IsRunning => _process is { HasExited: false };

    public IAmazonS3 CreateClient() => ObjectStorageClientFactory.Create(Options);

    public async Task InitializeAsync()
    {
        if (S3rverLocator.ExecutablePath is not { } executable)
        {
            return;
        }
        _dataDirectory = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-d", _dataDirectory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--no-vhost-buckets" })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("s3rver did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Node start-up is slow on a loaded machine: wait generously for the port.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with code {_process.ExitCode} before listening");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
        Options = new ObjectStorageOptions(new Uri($"http://127.0.0.1:{port}"), "fr-par", "S3RVER", "S3RVER");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
