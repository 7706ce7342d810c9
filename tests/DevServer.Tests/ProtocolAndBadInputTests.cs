using CoderBootstrap.DevServer.Tests.Workflows;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.DevServer.Tests;

public sealed class ProtocolAndBadInputTests : IClassFixture<EmbeddedServerFixture>
{
    private readonly EmbeddedServerFixture _fixture;

    public ProtocolAndBadInputTests(EmbeddedServerFixture fixture) => _fixture = fixture;

    private TemporalClient Client => _fixture.Client;

    private WorkflowService Service => Client.Connection.WorkflowService;

    [Fact]
    public async Task SystemInfoAdvertisesSdkMetadataAndSchedules()
    {
        var info = await Service.GetSystemInfoAsync(new GetSystemInfoRequest());
        Assert.True(info.Capabilities.SdkMetadata);
        Assert.True(info.Capabilities.SupportsSchedules);
    }

    [Fact]
    public async Task DefaultAndConfiguredNamespacesAreDescribed()
    {
        var main = await Service.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "default" });
        var second = await Service.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "second" });
        Assert.Equal("default", main.NamespaceInfo.Name);
        Assert.Equal("second", second.NamespaceInfo.Name);
        Assert.Equal(Temporalio.Api.Enums.V1.NamespaceState.Registered, second.NamespaceInfo.State);
    }

    [Fact]
    public async Task UnknownNamespaceIsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Service.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "nope" }));
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    }

    [Fact]
    public async Task StartingInAnUnknownNamespaceIsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = "nope",
            WorkflowId = "x",
            WorkflowType = new WorkflowType { Name = "T" },
            TaskQueue = new TaskQueue { Name = "q" },
            RequestId = Guid.NewGuid().ToString(),
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    }

    [Fact]
    public async Task NexusStandaloneActivitiesAndDeploymentsAnswerUnimplemented()
    {
        var calls = new Func<Task>[]
        {
            () => Service.PollNexusTaskQueueAsync(new PollNexusTaskQueueRequest { Namespace = "default", TaskQueue = new() { Name = "q" } }),
            () => Service.StartActivityExecutionAsync(new StartActivityExecutionRequest { Namespace = "default" }),
            () => Service.DescribeWorkerDeploymentAsync(new DescribeWorkerDeploymentRequest { Namespace = "default" }),
            () => Service.StartBatchOperationAsync(new StartBatchOperationRequest { Namespace = "default" }),
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(RpcException.StatusCode.Unimplemented, error.Code);
        }
    }

    [Theory]
    [InlineData("", "T", "q")]
    [InlineData("id", "", "q")]
    [InlineData("id", "T", "")]
    public async Task MalformedStartRequestIsInvalidArgument(string workflowId, string type, string queue)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = type },
            TaskQueue = new TaskQueue { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task GarbageTaskTokenIsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Service.RespondActivityTaskCompletedAsync(new RespondActivityTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = ByteString.CopyFromUtf8("not a token"),
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task WellFormedTokenOfAnUnknownRunIsNotFound()
    {
        var token = new Engine.TaskToken(Engine.TaskTokenKind.ActivityTask, "default", "missing", Guid.NewGuid().ToString(), 5, 1, string.Empty);
        var error = await Assert.ThrowsAsync<RpcException>(() => Service.RespondActivityTaskCompletedAsync(new RespondActivityTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = token.Encode(),
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    }

    [Fact]
    public async Task SignalToAnUnknownWorkflowFailsWithNotFound()
    {
        await Assert.ThrowsAsync<RpcException>(() => Client.GetWorkflowHandle("does-not-exist").SignalAsync("s", []));
    }

    [Fact]
    public async Task CompletingAnActivityByTokenTwiceFailsTheSecondTime()
    {
        var activities = new AsyncCompletionActivities();
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            using var worker = new Temporalio.Worker.TemporalWorker(Client, new Temporalio.Worker.TemporalWorkerOptions(tq + "-async")
                .AddAllActivities(activities).AddWorkflow<AsyncCompletionWorkflow>());
            await worker.ExecuteAsync(async () =>
            {
                var handle = await Client.StartWorkflowAsync((AsyncCompletionWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq + "-async"));
                var token = await activities.Token.Task.WaitAsync(TimeSpan.FromSeconds(30));
                var activity = Client.GetAsyncActivityHandle(token);
                await activity.HeartbeatAsync();
                await activity.CompleteAsync("done by token");
                Assert.Equal("done by token", await handle.GetResultAsync());
                await Assert.ThrowsAnyAsync<Exception>(() => activity.CompleteAsync("again"));
            });
        });
    }

    [Fact]
    public async Task ServerKeepsServingAfterBadRequests()
    {
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => Service.RespondWorkflowTaskCompletedAsync(new RespondWorkflowTaskCompletedRequest
            {
                Namespace = "default",
                TaskToken = ByteString.CopyFrom(new byte[] { 1, 1, 200, 7 }),
            }));
        }
        var result = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((GreetingWorkflow w) => w.RunAsync("still alive"), WorkerHarness.Options(tq)));
        Assert.Equal("Hello, still alive!", result);
    }
}

public sealed class AsyncCompletionActivities
{
    public TaskCompletionSource<byte[]> Token { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Temporalio.Activities.Activity]
    public string WaitForExternalCompletion()
    {
        Token.TrySetResult(Temporalio.Activities.ActivityExecutionContext.Current.Info.TaskToken);
        throw new Temporalio.Activities.CompleteAsyncException();
    }
}

[Temporalio.Workflows.Workflow]
public sealed class AsyncCompletionWorkflow
{
    [Temporalio.Workflows.WorkflowRun]
    public async Task<string> RunAsync() =>
        await Temporalio.Workflows.Workflow.ExecuteActivityAsync((AsyncCompletionActivities a) => a.WaitForExternalCompletion(),
            new() { StartToCloseTimeout = TimeSpan.FromMinutes(1) });
}
