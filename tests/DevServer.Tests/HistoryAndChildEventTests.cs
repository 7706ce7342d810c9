using CoderBootstrap.DevServer.Tests.Workflows;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.DevServer.Tests;

public sealed class HistoryAndChildEventTests : IClassFixture<EmbeddedServerFixture>
{
    private readonly EmbeddedServerFixture _fixture;

    public HistoryAndChildEventTests(EmbeddedServerFixture fixture) => _fixture = fixture;

    private TemporalClient Client => _fixture.Client;

    [Fact]
    public async Task HistoryIsServedInPagesThatAddUpToTheWholeHistory()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SequentialActivitiesWorkflow w) => w.RunAsync(4), WorkerHarness.Options(tq));
            await handle.GetResultAsync();
            var whole = (await handle.FetchHistoryAsync()).Events.Count;
            var paged = new List<long>();
            var token = ByteString.Empty;
            var pages = 0;
            do
            {
                var page = await Client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
                {
                    Namespace = Client.Options.Namespace,
                    Execution = new() { WorkflowId = handle.Id },
                    MaximumPageSize = 5,
                    NextPageToken = token,
                });
                Assert.True(page.History.Events.Count <= 5);
                paged.AddRange(page.History.Events.Select(e => e.EventId));
                token = page.NextPageToken;
                pages++;
            }
            while (!token.IsEmpty);
            Assert.Equal(Enumerable.Range(1, whole).Select(i => (long)i), paged);
            Assert.True(pages >= whole / 5);
        });
    }

    [Fact]
    public async Task ExecutionTimeoutClosesTheWorkflowAsTimedOut()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.ExecutionTimeout = TimeSpan.FromMilliseconds(700);
            var handle = await Client.StartWorkflowAsync((LongSleepWorkflow w) => w.RunAsync(), options);
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TimeoutFailureException>(error.InnerException);
            Assert.Equal(EventType.WorkflowExecutionTimedOut, (await handle.FetchHistoryAsync()).Events.Last().EventType);
        });
    }

    [Fact]
    public async Task TerminatedChildIsReportedToItsParent()
    {
        var result = await WorkerHarness.RunAsync(Client, async tq =>
        {
            var parent = await Client.StartWorkflowAsync((ChildParentWorkflow w) => w.RunAsync("wait"), WorkerHarness.Options(tq));
            var child = Client.GetWorkflowHandle($"{parent.Id}-child");
            await WorkflowExecutionTests.WaitUntilAsync(async () =>
            {
                try
                {
                    return (await child.DescribeAsync()).Status == WorkflowExecutionStatus.Running;
                }
                catch (RpcException)
                {
                    return false;
                }
            });
            await child.TerminateAsync("operator stopped it");
            var outcome = await parent.GetResultAsync();
            Assert.Contains((await parent.FetchHistoryAsync()).Events, e => e.EventType == EventType.ChildWorkflowExecutionTerminated);
            return outcome;
        });
        Assert.StartsWith("child failed", result);
    }

    [Fact]
    public async Task WorkflowTaskThatTimesOutIsRetried()
    {
        // A worker that takes a workflow task and never answers: the server times it out and hands it out again.
        var taskQueue = EmbeddedServerFixture.NewTaskQueue();
        var handle = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("late"), new($"wf-{Guid.NewGuid():N}", taskQueue) { TaskTimeout = TimeSpan.FromSeconds(1) });
        var stolen = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
        {
            Namespace = Client.Options.Namespace,
            TaskQueue = new() { Name = taskQueue },
            Identity = "silent-worker",
        });
        Assert.False(stolen.TaskToken.IsEmpty);
        var result = await WorkerHarness.RunAsync(Client, _ => handle.GetResultAsync(), activities: null, taskQueue: taskQueue);
        Assert.Equal("Hello, late!", result);
        Assert.Contains((await handle.FetchHistoryAsync()).Events, e => e.EventType == EventType.WorkflowTaskTimedOut);
    }
}
