using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CoderBootstrap.DevServer.Bench;
using Temporalio.Client;
using Temporalio.Worker;

// Measures the embedded server, run as its own process (so its memory is its own):
// throughput of 10-activity workflows with 50 in flight, single-workflow latency, peak RSS.
var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
const int InFlight = 50;
const int LatencySamples = 100;
var dbFile = args.Contains("--sqlite") ? Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.db") : null;

var port = FreePort();
var serverArgs = new List<string> { "server", "start-dev", "--port", port.ToString(CultureInfo.InvariantCulture) };
if (dbFile is not null)
{
    serverArgs.AddRange(["--db-filename", dbFile]);
}
var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "temporal-devserver"), serverArgs) { RedirectStandardOutput = true, UseShellExecute = false };
using var server = Process.Start(start)!;
var peakMemory = 0L;
using var sampler = new CancellationTokenSource();
var sampling = Task.Run(async () =>
{
    while (!sampler.IsCancellationRequested)
    {
        peakMemory = Math.Max(peakMemory, ReadPeakRss(server.Id));
        await Task.Delay(100);
    }
});
try
{
    var client = await ConnectAsync($"127.0.0.1:{port}");
    var taskQueue = $"bench-{Guid.NewGuid():N}";
    using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue)
        .AddActivity(BenchActivities.Step).AddWorkflow<TenStepWorkflow>());
    await worker.ExecuteAsync(async () =>
    {
        // Warm-up (JIT, connections).
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => RunOneAsync(client, taskQueue, $"warm-{i}")));

        var latencies = new List<double>();
        for (var i = 0; i < LatencySamples; i++)
        {
            var watch = Stopwatch.StartNew();
            await RunOneAsync(client, taskQueue, $"latency-{i}");
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();

        var started = 0;
        var loadLatencies = new List<double>();
        var throughputWatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            while (Interlocked.Increment(ref started) <= total)
            {
                var watch = Stopwatch.StartNew();
                await RunOneAsync(client, taskQueue, $"load-{Guid.NewGuid():N}");
                lock (loadLatencies)
                {
                    loadLatencies.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }));
        var seconds = throughputWatch.Elapsed.TotalSeconds;
        loadLatencies.Sort();
        Console.WriteLine($"store: {(dbFile is null ? "in-memory" : "sqlite")}");
        Console.WriteLine($"workflows: {total} x 10 sequential activities, {InFlight} in flight");
        Console.WriteLine($"throughput: {total / seconds:F1} workflows/s ({seconds:F1} s)");
        Console.WriteLine($"latency, one workflow alone: p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms");
        Console.WriteLine($"latency under load: p50 {Percentile(loadLatencies, 0.50):F0} ms, p99 {Percentile(loadLatencies, 0.99):F0} ms");
    });
}
finally
{
    await sampler.CancelAsync();
    await sampling;
    peakMemory = Math.Max(peakMemory, ReadPeakRss(server.Id));
    server.Kill();
    await server.WaitForExitAsync();
    if (dbFile is not null)
    {
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(dbFile) + "*"))
        {
            File.Delete(file);
        }
    }
}
Console.WriteLine($"server peak memory (VmHWM): {peakMemory / 1024.0 / 1024.0:F0} MB");
Console.WriteLine("targets: >= 50 workflows/s, p50 <= 150 ms, memory <= 300 MB");
return 0;

static Task<int> RunOneAsync(TemporalClient client, string taskQueue, string id) =>
    client.ExecuteWorkflowAsync((TenStepWorkflow w) => w.RunAsync(), new(id, taskQueue));

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static long ReadPeakRss(int pid)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    catch (IOException)
    {
        return 0;
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task<TemporalClient> ConnectAsync(string address)
{
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            return await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address));
        }
        catch (Exception) when (attempt < 100)
        {
            await Task.Delay(100);
        }
    }
}
