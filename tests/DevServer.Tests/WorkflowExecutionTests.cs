using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.DevServer.Tests;

public sealed class WorkflowExecutionTests : IClassFixture<EmbeddedServerFixture>
{
    private readonly EmbeddedServerFixture _fixture;

    public WorkflowExecutionTests(EmbeddedServerFixture fixture) => _fixture = fixture;

    private TemporalClient Client => _fixture.Client;

    [Fact]
    public async Task WorkflowWithOneActivityReturnsTheActivityResult()
    {
        var result = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((GreetingWorkflow w) => w.RunAsync("Temporal"), WorkerHarness.Options(tq)));
        Assert.Equal("Hello, Temporal!", result);
    }

    [Fact]
    public async Task TenSequentialActivitiesProduceAContiguousHistory()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SequentialActivitiesWorkflow w) => w.RunAsync(10), WorkerHarness.Options(tq));
            Assert.Equal(10, await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            var ids = history.Events.Select(e => e.EventId).ToList();
            Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids);
            Assert.Equal(10, history.Events.Count(e => e.EventType == EventType.ActivityTaskCompleted));
            Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);
        });
    }

    [Fact]
    public async Task SecondStartOfARunningWorkflowIdFailsWithAlreadyStarted()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            var first = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), options);
            var error = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() =>
                Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), options));
            Assert.Equal(first.Id, error.WorkflowId);
            await first.SignalAsync(w => w.FinishAsync());
            await first.GetResultAsync();
        });
    }

    [Fact]
    public async Task RejectDuplicatePolicyRefusesToReuseAClosedWorkflowId()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate;
            await Client.ExecuteWorkflowAsync((GreetingWorkflow w) => w.RunAsync("a"), options);
            await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() =>
                Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("b"), options));
        });
    }

    [Fact]
    public async Task AllowDuplicatePolicyStartsANewRunWithTheSameId()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            var first = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("a"), options);
            await first.GetResultAsync();
            var second = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("b"), options);
            Assert.NotEqual(first.ResultRunId, second.ResultRunId);
            Assert.Equal("Hello, b!", await second.GetResultAsync());
        });
    }

    [Fact]
    public async Task UseExistingConflictPolicyReturnsTheRunningRun()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            var first = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), options);
            options.IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting;
            var second = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), options);
            Assert.Equal(first.ResultRunId, second.ResultRunId);
            await first.SignalAsync(w => w.FinishAsync());
            await first.GetResultAsync();
        });
    }

    [Fact]
    public async Task ServerRetriesAFailingActivityWithBackoffUntilItSucceeds()
    {
        var activities = new TestActivities();
        var result = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((RetryingWorkflow w) => w.RunAsync(3, 5), WorkerHarness.Options(tq)), activities);
        Assert.Equal("succeeded on attempt 3", result);
        Assert.Equal(3, activities.FlakyAttempts);
    }

    [Fact]
    public async Task ActivityStopsAfterMaximumAttempts()
    {
        var activities = new TestActivities();
        var error = await WorkerHarness.RunAsync(Client, tq =>
            Assert.ThrowsAsync<WorkflowFailedException>(() =>
                Client.ExecuteWorkflowAsync((RetryingWorkflow w) => w.RunAsync(10, 2), WorkerHarness.Options(tq))), activities);
        var activityFailure = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal(Temporalio.Api.Enums.V1.RetryState.MaximumAttemptsReached, activityFailure.RetryState);
        Assert.Equal(2, activities.FlakyAttempts);
    }

    [Fact]
    public async Task NonRetryableErrorTypeFailsTheActivityOnTheFirstAttempt()
    {
        var error = await WorkerHarness.RunAsync(Client, tq =>
            Assert.ThrowsAsync<WorkflowFailedException>(() =>
                Client.ExecuteWorkflowAsync((NonRetryableWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq))));
        var activityFailure = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal(Temporalio.Api.Enums.V1.RetryState.NonRetryableFailure, activityFailure.RetryState);
        var application = Assert.IsType<ApplicationFailureException>(activityFailure.InnerException);
        Assert.Equal("QuotaExceeded", application.ErrorType);
    }

    [Theory]
    [InlineData("heartbeat", "Heartbeat")]
    [InlineData("start-to-close", "StartToClose")]
    [InlineData("schedule-to-close", "ScheduleToClose")]
    [InlineData("schedule-to-start", "ScheduleToStart")]
    public async Task ActivityTimeoutIsReportedWithItsType(string kind, string expected)
    {
        var result = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((ActivityTimeoutWorkflow w) => w.RunAsync(kind), WorkerHarness.Options(tq)));
        Assert.Equal(expected, result);
    }

    [Fact]
    public async Task HeartbeatDetailsReachTheNextAttempt()
    {
        var resumedFrom = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((HeartbeatResumeWorkflow w) => w.RunAsync(10), WorkerHarness.Options(tq)));
        Assert.Equal(6, resumedFrom);
    }

    [Fact]
    public async Task ActivityCancellationIsDeliveredThroughTheHeartbeatResponse()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((CancellableActivityWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await WaitUntilAsync(async () => (await DescribeRawAsync(Client, handle.Id)).PendingActivities.Any(a => a.State == PendingActivityState.Started));
            await handle.CancelAsync();
            Assert.Equal("cancelled cleanly", await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCancelRequested);
            Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCanceled);
        });
    }

    [Fact]
    public async Task SignalsAreDeliveredInOrderAndQueriesSeeThem()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await handle.SignalAsync(w => w.AddAsync("a"));
            await handle.SignalAsync(w => w.AddAsync("b"));
            await WaitUntilAsync(async () => await handle.QueryAsync(w => w.Count) == 2);
            await handle.SignalAsync(w => w.FinishAsync());
            Assert.Equal("a,b", await handle.GetResultAsync());
        });
    }

    [Fact]
    public async Task QueryThatThrowsFailsWithWorkflowQueryFailedException()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            var error = await Assert.ThrowsAsync<WorkflowQueryFailedException>(() => handle.QueryAsync(w => w.Fail()));
            Assert.Contains("query refused", error.Message);
            await handle.SignalAsync(w => w.FinishAsync());
            await handle.GetResultAsync();
        });
    }

    [Fact]
    public async Task QueryOfACompletedWorkflowReplaysItsHistory()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await handle.SignalAsync(w => w.AddAsync("x"));
            await handle.SignalAsync(w => w.FinishAsync());
            await handle.GetResultAsync();
            Assert.Equal(1, await handle.QueryAsync(w => w.Count));
        });
    }

    [Fact]
    public async Task SignalWithStartStartsTheWorkflowWithTheSignalFirst()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.SignalWithStart((SignalQueryWorkflow w) => w.AddAsync("first"));
            var handle = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), options);
            var again = WorkerHarness.Options(tq, handle.Id);
            again.SignalWithStart((SignalQueryWorkflow w) => w.AddAsync("second"));
            var second = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), again);
            Assert.Equal(handle.ResultRunId, second.ResultRunId);
            await handle.SignalAsync(w => w.FinishAsync());
            Assert.Equal("first,second", await handle.GetResultAsync());
        });
    }

    [Fact]
    public async Task UpdateReturnsItsResultAndValidatorRejectsBadInput()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            Assert.Equal(3, await handle.ExecuteUpdateAsync(w => w.AddManyAsync(3)));
            var rejected = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(w => w.AddManyAsync(-1)));
            Assert.Contains("count must be positive", rejected.InnerException?.Message);
            await handle.SignalAsync(w => w.FinishAsync());
            Assert.Equal("u0,u1,u2", await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
            Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted);
        });
    }

    [Fact]
    public async Task TimerFiresAfterItsDuration()
    {
        var result = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((TimerWorkflow w) => w.RunAsync(300), WorkerHarness.Options(tq)));
        Assert.Equal("fired", result);
    }

    [Fact]
    public async Task CancelledTimerIsRecordedAsCanceled()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((CancellableTimerWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await WaitUntilAsync(async () => (await handle.FetchHistoryAsync()).Events.Any(e => e.EventType == EventType.TimerStarted));
            await handle.SignalAsync(w => w.CancelTimerAsync());
            Assert.Equal("timer cancelled", await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            Assert.Contains(history.Events, e => e.EventType == EventType.TimerCanceled);
            Assert.DoesNotContain(history.Events, e => e.EventType == EventType.TimerFired);
        });
    }

    [Fact]
    public async Task ChildWorkflowResultReachesTheParent()
    {
        var result = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((ChildParentWorkflow w) => w.RunAsync("ok"), WorkerHarness.Options(tq)));
        Assert.Equal("child said Hello, child!", result);
    }

    [Fact]
    public async Task ChildWorkflowFailureReachesTheParent()
    {
        var result = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((ChildParentWorkflow w) => w.RunAsync("fail"), WorkerHarness.Options(tq)));
        Assert.Equal("child failed: child broke", result);
    }

    [Fact]
    public async Task ParentClosePolicyTerminatesTheChildButAbandonLeavesItRunning()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var terminatedChildId = await Client.ExecuteWorkflowAsync((AbandonOrTerminateParentWorkflow w) => w.RunAsync(false), WorkerHarness.Options(tq));
            var abandonedChildId = await Client.ExecuteWorkflowAsync((AbandonOrTerminateParentWorkflow w) => w.RunAsync(true), WorkerHarness.Options(tq));
            Assert.Equal(WorkflowExecutionStatus.Terminated, (await Client.GetWorkflowHandle(terminatedChildId).DescribeAsync()).Status);
            var abandoned = Client.GetWorkflowHandle(abandonedChildId);
            Assert.Equal(WorkflowExecutionStatus.Running, (await abandoned.DescribeAsync()).Status);
            await abandoned.TerminateAsync("test cleanup");
        });
    }

    [Fact]
    public async Task ContinueAsNewChainIsFollowedByTheClient()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((ContinueAsNewWorkflow w) => w.RunAsync(3), WorkerHarness.Options(tq));
            Assert.Equal(1, await handle.GetResultAsync());
            var runs = new List<string>();
            await foreach (var execution in Client.ListWorkflowsAsync($"WorkflowId = '{handle.Id}'"))
            {
                runs.Add(execution.Status.ToString());
            }
            Assert.Equal(4, runs.Count);
            Assert.Equal(3, runs.Count(s => s == "ContinuedAsNew"));
        });
    }

    [Fact]
    public async Task ExternalSignalReachesTargetAndMissingTargetIsReported()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var target = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            var result = await Client.ExecuteWorkflowAsync((ExternalSignalWorkflow w) => w.RunAsync(target.Id), WorkerHarness.Options(tq));
            Assert.StartsWith("missing workflow reported", result);
            Assert.Equal("from-external", await target.GetResultAsync());
        });
    }

    [Fact]
    public async Task ExternalCancelCancelsTheTargetWorkflow()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var target = await Client.StartWorkflowAsync((LongSleepWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await Client.ExecuteWorkflowAsync((ExternalCancelWorkflow w) => w.RunAsync(target.Id), WorkerHarness.Options(tq));
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => target.GetResultAsync());
            Assert.True(TemporalException.IsCanceledException(error.InnerException!));
        });
    }

    [Fact]
    public async Task TerminateClosesTheRunWithTerminatedStatus()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((LongSleepWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await handle.TerminateAsync("enough");
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TerminatedFailureException>(error.InnerException);
            Assert.Equal(WorkflowExecutionStatus.Terminated, (await handle.DescribeAsync()).Status);
        });
    }

    [Fact]
    public async Task LocalActivityResultIsRecordedAsAMarker()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((LocalActivityWorkflow w) => w.RunAsync("local"), WorkerHarness.Options(tq));
            Assert.Equal("Hello, local!", await handle.GetResultAsync());
            var history = await handle.FetchHistoryAsync();
            Assert.Contains(history.Events, e => e.EventType == EventType.MarkerRecorded);
        });
    }

    [Fact]
    public async Task FailedWorkflowTaskIsRetriedByTheServer()
    {
        FailOnceWorkflow.ResetRuns();
        var result = await WorkerHarness.RunAsync(Client, tq =>
            Client.ExecuteWorkflowAsync((FailOnceWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq)));
        Assert.StartsWith("succeeded", result);
        Assert.Equal(2, FailOnceWorkflow.Runs);
    }

    [Fact]
    public async Task WorkflowFailureSurfacesAsWorkflowFailedException()
    {
        var error = await WorkerHarness.RunAsync(Client, tq =>
            Assert.ThrowsAsync<WorkflowFailedException>(() =>
                Client.ExecuteWorkflowAsync((FailingWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq))));
        var application = Assert.IsType<ApplicationFailureException>(error.InnerException);
        Assert.Equal("Broken", application.ErrorType);
    }

    [Fact]
    public async Task RunTimeoutClosesTheWorkflowAsTimedOut()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.RunTimeout = TimeSpan.FromMilliseconds(800);
            var handle = await Client.StartWorkflowAsync((LongSleepWorkflow w) => w.RunAsync(), options);
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
            Assert.IsType<TimeoutFailureException>(error.InnerException);
            Assert.Equal(WorkflowExecutionStatus.TimedOut, (await handle.DescribeAsync()).Status);
        });
    }

    [Fact]
    public async Task StartDelayPostponesTheFirstWorkflowTask()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.StartDelay = TimeSpan.FromSeconds(1);
            var started = DateTime.UtcNow;
            var handle = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("later"), options);
            Assert.Equal("Hello, later!", await handle.GetResultAsync());
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(900));
            var history = await handle.FetchHistoryAsync();
            Assert.Equal(TimeSpan.FromSeconds(1), history.Events.First().WorkflowExecutionStartedEventAttributes.FirstWorkflowTaskBackoff.ToTimeSpan());
        });
    }

    [Fact]
    public async Task MemoIsStoredAndReturnedByDescribe()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.Memo = new Dictionary<string, object> { ["owner"] = "platform-team" };
            var handle = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("memo"), options);
            await handle.GetResultAsync();
            var description = await handle.DescribeAsync();
            Assert.Equal("platform-team", await description.Memo["owner"].ToValueAsync<string>());
        });
    }

    [Fact]
    public async Task HistoryOfACompletedRunReplaysDeterministically()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SequentialActivitiesWorkflow w) => w.RunAsync(3), WorkerHarness.Options(tq));
            await handle.GetResultAsync();
            var history = await handle.FetchHistoryAsync();
            var replayer = new Temporalio.Worker.WorkflowReplayer(new Temporalio.Worker.WorkflowReplayerOptions().AddWorkflow<SequentialActivitiesWorkflow>());
            var result = await replayer.ReplayWorkflowAsync(history);
            Assert.Null(result.ReplayFailure);
            Assert.Contains(history.Events, e => e.EventType == EventType.WorkflowTaskCompleted
                && e.WorkflowTaskCompletedEventAttributes.SdkMetadata is not null);
        });
    }

    internal static Task<Temporalio.Api.WorkflowService.V1.DescribeWorkflowExecutionResponse> DescribeRawAsync(ITemporalClient client, string workflowId) =>
        client.WorkflowService.DescribeWorkflowExecutionAsync(new()
        {
            Namespace = client.Options.Namespace,
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = workflowId },
        });

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }
            await Task.Delay(50);
        }
    }
}
