using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.Workflows.Tests.Fast;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>Records the TTL history replayed by <see cref="ReplayTests"/>: a wait, an extension, the timer, the teardown child (a stand-in: only its events matter).</summary>
public sealed class TtlHistoryRecorder
{
    [RecordingFact]
    public async Task RecordTheTtlHistoryOfAReviewEnvironment()
    {
        const string env = "review";
        var queue = "record-ttl-" + Guid.NewGuid().ToString("N");
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions());
        var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<TtlWorkflow>().AddWorkflow<StandInTeardownWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await client.StartWorkflowAsync((TtlWorkflow w) => w.RunAsync(new TtlInput(env, DateTime.UtcNow.AddSeconds(2), 0.01)), new(WorkflowNames.Ttl(env), queue));
            await handle.ExecuteUpdateAsync(w => w.ExtendAsync(TimeSpan.FromSeconds(1)));
            await handle.GetResultAsync();
            await File.WriteAllTextAsync(Path.Combine(Histories.Directory, WorkflowNames.Ttl(env) + ".json"), (await handle.FetchHistoryAsync()).ToJson());
        });
    }
}
