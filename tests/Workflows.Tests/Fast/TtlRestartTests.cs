using CoderBootstrap.DevServer.Hosting;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>The TTL's timer is durable: the embedded server keeps it in SQLite across a restart of the server and the worker.</summary>
public sealed class TtlRestartTests
{
    [Fact]
    public async Task TheTtlFiresAfterTheServerAndTheWorkerRestartedWhileItWaited()
    {
        var db = Path.Combine(Path.GetTempPath(), $"ttl-restart-{Guid.NewGuid():N}.db");
        var env = "rv" + Guid.NewGuid().ToString("N")[..8];
        var queue = "ttl-restart-" + Guid.NewGuid().ToString("N");
        try
        {
            DateTime deadline;
            await using (var server = await TemporalDevServer.StartAsync(new DevServerOptions { DbFilename = db }))
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
                using var worker = new TemporalWorker(client, Options(queue));
                deadline = await worker.ExecuteAsync(async () =>
                {
                    var handle = await client.StartWorkflowAsync((TtlWorkflow w) => w.RunAsync(new TtlInput(env, DateTime.UtcNow.AddSeconds(4))), new(WorkflowNames.Ttl(env), queue));
                    return (await handle.QueryAsync(w => w.Status)).Deadline;
                });
            }
            // Down past the deadline: nothing runs it meanwhile.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.False(StandInTeardownWorkflow.Started.ContainsKey(env));

            await using (var server = await TemporalDevServer.StartAsync(new DevServerOptions { DbFilename = db }))
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
                using var worker = new TemporalWorker(client, Options(queue));
                var result = await worker.ExecuteAsync(() => client.GetWorkflowHandle<TtlWorkflow, TtlResult>(WorkflowNames.Ttl(env)).GetResultAsync().WaitAsync(TimeSpan.FromSeconds(60)));
                Assert.Equal("torn down", result.Outcome);
                Assert.Equal(deadline, result.Deadline);
                Assert.True(StandInTeardownWorkflow.Started[env].At >= deadline);
            }
        }
        finally
        {
            foreach (var file in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static TemporalWorkerOptions Options(string queue) =>
        new TemporalWorkerOptions(queue).AddWorkflow<TtlWorkflow>().AddWorkflow<StandInTeardownWorkflow>();
}
