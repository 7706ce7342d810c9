using System.Diagnostics;
using Amazon.S3;
using CoderBootstrap.Activities.State;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Backup.Bench;

/// <summary>
/// The sandbox's S3 in a child process (this program started with <see cref="ServeArgument"/>),
/// so that the memory it keeps objects in is not counted as the backup's.
/// </summary>
internal sealed class S3ServerProcess : IAsyncDisposable
{
    public const string ServeArgument = "serve-s3";
    private const string AccessKey = "SCWBENCHBACKUP000000";

    private readonly Process _process;

    private S3ServerProcess(Process process, IAmazonS3 client)
    {
        _process = process;
        Client = client;
    }

    public IAmazonS3 Client { get; }

    public static async Task<S3ServerProcess> StartAsync()
    {
        var secretKey = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(ServeArgument);
        start.Environment["BENCH_S3_SECRET"] = secretKey;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the S3 child process did not start");
        var url = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the S3 child process exited before listening");
        var client = ObjectStorageClientFactory.Create(new ObjectStorageOptions(new Uri(url), "fr-par", AccessKey, secretKey));
        return new S3ServerProcess(process, client);
    }

    /// <summary>The child's side: serve until standard input closes (the parent exited or disposed us).</summary>
    public static async Task ServeAsync()
    {
        var secretKey = Environment.GetEnvironmentVariable("BENCH_S3_SECRET") ?? throw new InvalidOperationException("BENCH_S3_SECRET is not set");
        await using var server = new S3Server(new SandboxRuntime(NullStateStore.Instance), AccessKey, secretKey, NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        Console.WriteLine(server.BaseUrl);
        await Console.In.ReadToEndAsync();
    }

    public long PeakRssBytes() => ProcessMemory.StatusBytes(_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "VmHWM:");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
