using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Setup.Bench;
using CoderBootstrap.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

// Orchestration benchmarks of the product on the sandbox (figures are printed, not asserted):
//  1. phase 1: wall time / critical path (network, then the slower of cluster and database, as the
//     sandbox makes them ready), and how long after the cluster is ready its kubeconfig is published;
//  2. a whole dev setup on a zero-latency sandbox: pure orchestration overhead;
//  3. a re-run after a phase-2 failure versus a full setup, on a delayed sandbox.
// Phase 1 is measured with delays scaled down (default 0.05); the resume ratio on realistic delays
// (default 1.0, the recorded timings: ~15 minutes for the three runs it needs).
var scale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 0.05;
var resumeScale = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

await using (var cloud = await BenchCloud.StartAsync(scale))
{
    var watcher = new ReadinessWatcher(cloud);
    var watching = watcher.RunAsync();
    var started = DateTime.UtcNow;
    var handle = await cloud.Client.StartWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("dev")), new(WorkflowNames.Infra("dev"), WorkflowNames.TaskQueue));
    var result = await handle.GetResultAsync();
    var finished = DateTime.UtcNow;
    watcher.Stop();
    await watching;
    var history = await handle.FetchHistoryAsync();
    var published = CompletedAt(history, "PublishKubeconfig");
    var critical = Later(watcher.ClusterReadyAt, watcher.DatabaseReadyAt) - started;
    Console.WriteLine($"phase 1 (time scale {scale}): wall {(finished - started).TotalSeconds:F2} s, critical path {critical.TotalSeconds:F2} s, ratio {(finished - started) / critical:F3} (target <= 1.15)");
    Console.WriteLine($"kubeconfig published {(published - watcher.ClusterReadyAt!.Value).TotalSeconds:F2} s after the cluster was ready (target <= 1 s); database ready {(watcher.DatabaseReadyAt!.Value - watcher.ClusterReadyAt.Value).TotalSeconds:F1} s later");
    _ = result;
}

await using (var cloud = await BenchCloud.StartAsync(0))
{
    var watch = Stopwatch.StartNew();
    var result = await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev")), new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));
    Console.WriteLine($"dev setup on the zero-latency sandbox: {watch.Elapsed.TotalSeconds:F2} s of orchestration ({result.Outcome}; target <= 5 s)");
}

TimeSpan full;
await using (var cloud = await BenchCloud.StartAsync(resumeScale))
{
    var watch = Stopwatch.StartNew();
    await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev")), new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));
    full = watch.Elapsed;
}
await using (var cloud = await BenchCloud.StartAsync(resumeScale))
{
    // Phase 2 fails for good on the last template, after the first one was pushed (7 steps before the templates, then one push).
    var failing = await cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev")), new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));
    var coder = cloud.Client.GetWorkflowHandle(WorkflowNames.Coder("dev"));
    while (true)
    {
        try
        {
            if ((await coder.FetchHistoryAsync()).Events.Count(e => e.EventType == EventType.ActivityTaskCompleted
                && e.ActivityTaskCompletedEventAttributes.ScheduledEventId > 0) >= 8)
            {
                break;
            }
        }
        catch (Temporalio.Exceptions.RpcException)
        {
        }
        await Task.Delay(20);
    }
    cloud.Sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "coder.templateversions.create", Status = 400, Message = "rejected for the benchmark" });
    try
    {
        await failing.GetResultAsync();
        Console.WriteLine("resume: the injected phase-2 failure did not happen (the setup completed)");
    }
    catch (Temporalio.Exceptions.WorkflowFailedException)
    {
        cloud.Sandbox.Runtime.ClearFaults();
        var watch = Stopwatch.StartNew();
        var resumed = await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev")), new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));
        Console.WriteLine($"resume after a phase-2 failure (time scale {resumeScale}): {watch.Elapsed.TotalSeconds:F2} s vs full setup {full.TotalSeconds:F2} s = {watch.Elapsed / full:P1} (target <= 10%; phase 1 adopted: {resumed.InfraAdopted})");
    }
}

static DateTime CompletedAt(Temporalio.Common.WorkflowHistory history, string activityType)
{
    var scheduled = history.Events.First(e => e.EventType == EventType.ActivityTaskScheduled
        && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == activityType).EventId;
    return history.Events.First(e => e.EventType == EventType.ActivityTaskCompleted
        && e.ActivityTaskCompletedEventAttributes.ScheduledEventId == scheduled).EventTime.ToDateTime();
}

static DateTime Later(DateTime? a, DateTime? b) => a > b ? a.Value : b!.Value;

/// <summary>Polls the sandbox every few milliseconds to learn when the cluster (with its pool) and the database really became ready.</summary>
internal sealed class ReadinessWatcher(BenchCloud cloud)
{
    private volatile bool _stop;

    public DateTime? ClusterReadyAt { get; private set; }

    public DateTime? DatabaseReadyAt { get; private set; }

    public void Stop() => _stop = true;

    public async Task RunAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(cloud.Sandbox.ScalewayUrl + "/") };
        http.DefaultRequestHeaders.Add("X-Auth-Token", cloud.Sandbox.SecretKey);
        while (!_stop && (ClusterReadyAt is null || DatabaseReadyAt is null))
        {
            var now = DateTime.UtcNow;
            if (ClusterReadyAt is null && await ClusterReadyAsync(http))
            {
                ClusterReadyAt = now;
            }
            if (DatabaseReadyAt is null && await DatabaseReadyAsync(http))
            {
                DatabaseReadyAt = now;
            }
            await Task.Delay(10);
        }
    }

    private static async Task<bool> ClusterReadyAsync(HttpClient http)
    {
        var clusters = (await GetAsync(http, "k8s/v1/regions/fr-par/clusters"))?["clusters"]?.AsArray() ?? [];
        foreach (var cluster in clusters)
        {
            if ((string?)cluster?["status"] != "ready")
            {
                continue;
            }
            var pools = (await GetAsync(http, $"k8s/v1/regions/fr-par/clusters/{cluster!["id"]}/pools"))?["pools"]?.AsArray() ?? [];
            return pools.Count > 0 && pools.All(p => (string?)p?["status"] is "ready");
        }
        return false;
    }

    private static async Task<bool> DatabaseReadyAsync(HttpClient http)
    {
        var instances = (await GetAsync(http, "rdb/v1/regions/fr-par/instances"))?["instances"]?.AsArray() ?? [];
        return instances.Any(i => (string?)i?["status"] == "ready"
            && (i?["endpoints"]?.AsArray() ?? []).Any(e => e?["private_network"] is not null));
    }

    private static async Task<JsonNode?> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }
}
