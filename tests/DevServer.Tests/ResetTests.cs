using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace CoderBootstrap.DevServer.Tests;

/// <summary>ResetWorkflowExecution driven through the SDK's client, with a real worker replaying the copied history.</summary>
public sealed class ResetTests : IClassFixture<EmbeddedServerFixture>
{
    private readonly EmbeddedServerFixture _fixture;

    public ResetTests(EmbeddedServerFixture fixture) => _fixture = fixture;

    private TemporalClient Client => _fixture.Client;

    private static async Task<List<HistoryEvent>> EventsAsync(ITemporalClient client, string workflowId, string? runId = null)
    {
        var events = new List<HistoryEvent>();
        await foreach (var e in client.GetWorkflowHandle(workflowId, runId).FetchHistoryEventsAsync())
        {
            events.Add(e);
        }
        return events;
    }

    /// <summary>The WorkflowTaskCompleted that followed the activity's completion.</summary>
    private static long TaskAfterActivity(List<HistoryEvent> events) =>
        events.First(e => e.EventType == EventType.WorkflowTaskCompleted
            && e.EventId > events.First(a => a.EventType == EventType.ActivityTaskCompleted).EventId).EventId;

    private static long FirstWorkflowTask(List<HistoryEvent> events) =>
        events.First(e => e.EventType == EventType.WorkflowTaskCompleted).EventId;

    private static async Task<string> ResetAsync(ITemporalClient client, string workflowId, string runId, long eventId,
        params ResetReapplyExcludeType[] exclude)
    {
        var request = new ResetWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new() { WorkflowId = workflowId, RunId = runId },
            WorkflowTaskFinishEventId = eventId,
            Reason = "test reset",
            RequestId = Guid.NewGuid().ToString(),
        };
        request.ResetReapplyExcludeTypes.AddRange(exclude);
        return (await client.WorkflowService.ResetWorkflowExecutionAsync(request)).RunId;
    }

    /// <summary>Starts the workflow and waits until its activity completed and the task after it was written.</summary>
    private async Task<WorkflowHandle<ResettableWorkflow, string>> StartPastTheActivityAsync(ITemporalClient client, string tq)
    {
        var handle = await client.StartWorkflowAsync((ResettableWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
        await WorkflowExecutionTests.WaitUntilAsync(async () =>
        {
            var events = await EventsAsync(client, handle.Id, handle.ResultRunId);
            return events.Any(e => e.EventType == EventType.ActivityTaskCompleted)
                && events.Last().EventType == EventType.WorkflowTaskCompleted;
        });
        return handle;
    }

    [Fact]
    public async Task StateRebuiltFromHistoryMatchesTheLiveStateAtEveryStep()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((CrashResilientWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            var seen = new HashSet<string>();
            var result = handle.GetResultAsync();
            while (!result.IsCompleted)
            {
                var (live, rebuilt) = _fixture.Server.Engine.PendingSummaries("default", handle.Id);
                Assert.Equal(live, rebuilt);
                seen.Add(live);
                await Task.Delay(20);
            }
            await result;
            var (closed, closedRebuilt) = _fixture.Server.Engine.PendingSummaries("default", handle.Id);
            Assert.Equal(closed, closedRebuilt);
            Assert.Contains(seen, s => !s.Contains("activities  |", StringComparison.Ordinal) && !s.Contains("timers  |", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task ResetToTheFirstWorkflowTaskRunsTheActivityAgain()
    {
        var activities = new OperatorActivities();
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await StartPastTheActivityAsync(Client, tq);
            await handle.SignalAsync(w => w.FinishAsync());
            Assert.Equal("1:", await handle.GetResultAsync());
            var newRunId = await ResetAsync(Client, handle.Id, handle.ResultRunId!, FirstWorkflowTask(await EventsAsync(Client, handle.Id, handle.ResultRunId)),
                ResetReapplyExcludeType.Signal);
            var reset = Client.GetWorkflowHandle<ResettableWorkflow>(handle.Id, newRunId);
            await WorkflowExecutionTests.WaitUntilAsync(() => Task.FromResult(activities.Counted == 2));
            await reset.SignalAsync(w => w.FinishAsync());
            Assert.Equal("2:", await reset.GetResultAsync<string>());
            var failed = (await EventsAsync(Client, handle.Id, newRunId)).Single(e => e.EventType == EventType.WorkflowTaskFailed);
            Assert.Equal(WorkflowTaskFailedCause.ResetWorkflow, failed.WorkflowTaskFailedEventAttributes.Cause);
            Assert.Equal(handle.ResultRunId, failed.WorkflowTaskFailedEventAttributes.BaseRunId);
        }, moreActivities: activities);
    }

    [Fact]
    public async Task ResetAfterTheActivityDoesNotRunItAgain()
    {
        var activities = new OperatorActivities();
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await StartPastTheActivityAsync(Client, tq);
            await handle.SignalAsync(w => w.FinishAsync());
            await handle.GetResultAsync();
            var newRunId = await ResetAsync(Client, handle.Id, handle.ResultRunId!, TaskAfterActivity(await EventsAsync(Client, handle.Id, handle.ResultRunId)));
            Assert.Equal("1:", await Client.GetWorkflowHandle(handle.Id, newRunId).GetResultAsync<string>());
            Assert.Equal(1, activities.Counted);
        }, moreActivities: activities);
    }

    [Fact]
    public async Task SignalAfterTheResetPointIsReapplied()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await StartPastTheActivityAsync(Client, tq);
            await handle.SignalAsync(w => w.AddAsync("after"));
            await handle.SignalAsync(w => w.FinishAsync());
            Assert.Equal("1:after", await handle.GetResultAsync());
            var newRunId = await ResetAsync(Client, handle.Id, handle.ResultRunId!, TaskAfterActivity(await EventsAsync(Client, handle.Id, handle.ResultRunId)));
            Assert.Equal("1:after", await Client.GetWorkflowHandle(handle.Id, newRunId).GetResultAsync<string>());
        });
    }

    [Fact]
    public async Task ResetOfARunningRunTerminatesTheBaseAndLinksTheRuns()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await StartPastTheActivityAsync(Client, tq);
            var newRunId = await ResetAsync(Client, handle.Id, handle.ResultRunId!, TaskAfterActivity(await EventsAsync(Client, handle.Id, handle.ResultRunId)));
            var baseRun = await Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id, RunId = handle.ResultRunId },
            });
            Assert.Equal(WorkflowExecutionStatus.Terminated, baseRun.WorkflowExecutionInfo.Status);
            Assert.Equal(newRunId, baseRun.WorkflowExtendedInfo.ResetRunId);
            var current = Client.GetWorkflowHandle<ResettableWorkflow>(handle.Id);
            Assert.Equal(newRunId, (await current.DescribeAsync()).RunId);
            await current.SignalAsync(w => w.FinishAsync());
            Assert.Equal("1:", await current.GetResultAsync<string>());
        });
    }

    [Fact]
    public async Task ResetRunIsListedBesideItsTerminatedBase()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await StartPastTheActivityAsync(Client, tq);
            var newRunId = await ResetAsync(Client, handle.Id, handle.ResultRunId!, TaskAfterActivity(await EventsAsync(Client, handle.Id, handle.ResultRunId)));
            var runs = await EmbeddedServerFixture.ListAsync(Client, $"WorkflowId = '{handle.Id}'");
            Assert.Equal(WorkflowExecutionStatus.Running, runs.Single(r => r.RunId == newRunId).Status);
            Assert.Equal(WorkflowExecutionStatus.Terminated, runs.Single(r => r.RunId == handle.ResultRunId).Status);
            await Client.GetWorkflowHandle(handle.Id).TerminateAsync();
        });
    }

    [Fact]
    public async Task ResetWorksAfterARestartOnSqlite()
    {
        var db = Path.Combine(Path.GetTempPath(), $"devserver-reset-{Guid.NewGuid():N}.db");
        var activities = new OperatorActivities();
        try
        {
            string workflowId;
            string runId;
            await using (var first = await TemporalDevServer.StartAsync(new DevServerOptions { DbFilename = db }))
            {
                var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(first.Address));
                (workflowId, runId) = await WorkerHarness.RunAsync(client, async tq =>
                {
                    var handle = await StartPastTheActivityAsync(client, tq);
                    await handle.SignalAsync(w => w.FinishAsync());
                    await handle.GetResultAsync();
                    return (handle.Id, handle.ResultRunId!);
                }, moreActivities: activities);
            }
            await using var second = await TemporalDevServer.StartAsync(new DevServerOptions { DbFilename = db });
            var reconnected = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(second.Address));
            var events = await EventsAsync(reconnected, workflowId, runId);
            var taskQueue = events[0].WorkflowExecutionStartedEventAttributes.TaskQueue.Name;
            var result = await WorkerHarness.RunAsync(reconnected, async _ =>
            {
                var newRunId = await ResetAsync(reconnected, workflowId, runId, TaskAfterActivity(events));
                return await reconnected.GetWorkflowHandle(workflowId, newRunId).GetResultAsync<string>();
            }, taskQueue: taskQueue, moreActivities: activities);
            Assert.Equal("1:", result);
            Assert.Equal(1, activities.Counted);
        }
        finally
        {
            EmbeddedServerFixture.DeleteDatabase(db);
        }
    }
}
