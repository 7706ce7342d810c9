using System.Net;
using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace CoderBootstrap.DevServer.Tests;

/// <summary>Behaviours where the SDK expects the embedded server to act as a real Temporal server.</summary>
public sealed class ServerFidelityTests : IClassFixture<EmbeddedServerFixture>
{
    private readonly EmbeddedServerFixture _fixture;

    public ServerFidelityTests(EmbeddedServerFixture fixture) => _fixture = fixture;

    private TemporalClient Client => _fixture.Client;

    private static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..24];

    private Task AddKeywordAsync(string name) =>
        Client.Connection.OperatorService.AddSearchAttributesAsync(new AddSearchAttributesRequest
        {
            Namespace = "default",
            SearchAttributes = { [name] = IndexedValueType.Keyword },
        });

    private Task<List<WorkflowExecution>> ListAsync(string query) => EmbeddedServerFixture.ListAsync(Client, query);

    [Fact]
    public async Task AddedSearchAttributeIsListedByTheOperatorService()
    {
        var name = UniqueName("Env");
        await AddKeywordAsync(name);
        var listed = await Client.Connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = "default" });
        Assert.Equal(IndexedValueType.Keyword, listed.CustomAttributes[name]);
        Assert.Contains("WorkflowId", listed.SystemAttributes.Keys);
    }

    [Fact]
    public async Task RegisteredSearchAttributeFiltersTheWorkflowList()
    {
        var name = UniqueName("Phase");
        await AddKeywordAsync(name);
        var key = SearchAttributeKey.CreateKeyword(name);
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(key, "dev").ToSearchAttributeCollection();
            var tagged = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("a"), options);
            await Client.ExecuteWorkflowAsync((GreetingWorkflow w) => w.RunAsync("b"), WorkerHarness.Options(tq));
            Assert.Equal([tagged.Id], (await ListAsync($"{name} = 'dev'")).Select(e => e.Id));
        });
    }

    [Fact]
    public async Task QueryOnAnUnregisteredSearchAttributeIsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ListAsync("NeverRegisteredAttribute = 'x'"));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task StartWithAnUnregisteredSearchAttributeIsInvalidArgument()
    {
        var options = WorkerHarness.Options(EmbeddedServerFixture.NewTaskQueue());
        options.TypedSearchAttributes = new SearchAttributeCollection.Builder()
            .Set(SearchAttributeKey.CreateKeyword("NeverRegisteredAttribute"), "x").ToSearchAttributeCollection();
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("a"), options));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task UpsertOfAnUnregisteredSearchAttributeFailsTheWorkflowTask()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((UnregisteredSearchAttributeWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await WorkflowExecutionTests.WaitUntilAsync(async () => (await handle.FetchHistoryAsync()).Events.Any(e =>
                e.WorkflowTaskFailedEventAttributes?.Cause == WorkflowTaskFailedCause.BadSearchAttributes));
            await handle.TerminateAsync();
        });
    }

    [Fact]
    public async Task RemovedSearchAttributeIsNoLongerListed()
    {
        var name = UniqueName("Gone");
        await AddKeywordAsync(name);
        await Client.Connection.OperatorService.RemoveSearchAttributesAsync(new RemoveSearchAttributesRequest { Namespace = "default", SearchAttributes = { name } });
        var listed = await Client.Connection.OperatorService.ListSearchAttributesAsync(new ListSearchAttributesRequest { Namespace = "default" });
        Assert.DoesNotContain(name, listed.CustomAttributes.Keys);
    }

    [Fact]
    public async Task HealthCheckAnswersServing()
    {
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_fixture.Server.Address}/grpc.health.v1.Health/Check")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // One gRPC frame holding an empty HealthCheckRequest.
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.Concat(response.Headers).FirstOrDefault(h => h.Key == "grpc-status").Value?.Single();
        Assert.True(status == "0", $"grpc-status {status}: {response.Headers}");
        // HealthCheckResponse { status: SERVING }
        Assert.Equal(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x01 }, body);
    }

    [Fact]
    public async Task WorkflowRetryPolicyRunsUntilTheThirdAttempt()
    {
        var result = await WorkerHarness.RunAsync(Client, tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(100), BackoffCoefficient = 1, MaximumAttempts = 5 };
            return Client.ExecuteWorkflowAsync((WorkflowAttemptWorkflow w) => w.RunAsync(3, "Transient"), options);
        });
        Assert.Equal(3, result);
    }

    [Fact]
    public async Task WorkflowRetryWaitsTheBackoffBeforeTheNextAttempt()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.RetryPolicy = new() { InitialInterval = TimeSpan.FromSeconds(1), MaximumAttempts = 2 };
            var handle = await Client.StartWorkflowAsync((WorkflowAttemptWorkflow w) => w.RunAsync(2, "Transient"), options);
            Assert.Equal(2, await handle.GetResultAsync());
            var secondRun = await Client.GetWorkflowHandle(handle.Id).FetchHistoryAsync();
            var started = secondRun.Events.First().WorkflowExecutionStartedEventAttributes;
            Assert.Equal(2, started.Attempt);
            Assert.Equal(TimeSpan.FromSeconds(1), started.FirstWorkflowTaskBackoff.ToTimeSpan());
        });
    }

    [Fact]
    public async Task WorkflowRetryStopsAtMaximumAttempts()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumAttempts = 2 };
            await Assert.ThrowsAsync<WorkflowFailedException>(() => Client.ExecuteWorkflowAsync((WorkflowAttemptWorkflow w) => w.RunAsync(10, "Transient"), options));
            Assert.Equal(2, (await ListAsync($"WorkflowId = '{options.Id}'")).Count);
        });
    }

    [Fact]
    public async Task WorkflowRetrySkipsNonRetryableErrorTypes()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumAttempts = 5, NonRetryableErrorTypes = ["Fatal"] };
            await Assert.ThrowsAsync<WorkflowFailedException>(() => Client.ExecuteWorkflowAsync((WorkflowAttemptWorkflow w) => w.RunAsync(3, "Fatal"), options));
            Assert.Single(await ListAsync($"WorkflowId = '{options.Id}'"));
        });
    }

    [Fact]
    public async Task CronRunsCarryTheLastResultAndTheLastFailure()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.CronSchedule = "@every 1s";
            var handle = await Client.StartWorkflowAsync((CronCountingWorkflow w) => w.RunAsync(2), options).WaitAsync(TimeSpan.FromSeconds(10));
            await WorkflowExecutionTests.WaitUntilAsync(async () => (await ListAsync($"WorkflowId = '{handle.Id}'")).Count >= 4, 60);
            var runs = (await ListAsync($"WorkflowId = '{handle.Id}'")).OrderBy(r => r.StartTime).ToList();
            Assert.Equal(WorkflowExecutionStatus.Completed, runs[0].Status);
            Assert.Equal(WorkflowExecutionStatus.Failed, runs[1].Status);
            var close = await Client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id, RunId = runs[2].RunId },
                HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
                WaitNewEvent = true,
            }).WaitAsync(TimeSpan.FromSeconds(10));
            var result = close.History.Events.Single().WorkflowExecutionCompletedEventAttributes.Result.Payloads_.Single();
            Assert.Equal("2|run 2 failed", (string)Client.Options.DataConverter.PayloadConverter.ToValue(result, typeof(string))!);
            await Client.GetWorkflowHandle(handle.Id).TerminateAsync().WaitAsync(TimeSpan.FromSeconds(10));
        });
    }

    [Fact]
    public async Task CronFirstRunWaitsForTheFirstMatchingTime()
    {
        var options = WorkerHarness.Options(EmbeddedServerFixture.NewTaskQueue());
        options.CronSchedule = "0 0 1 1 *";
        var handle = await Client.StartWorkflowAsync((CronCountingWorkflow w) => w.RunAsync(0), options);
        var history = await handle.FetchHistoryAsync();
        Assert.Single(history.Events);
        Assert.True(history.Events.First().WorkflowExecutionStartedEventAttributes.FirstWorkflowTaskBackoff.ToTimeSpan() > TimeSpan.FromMinutes(1));
        await handle.TerminateAsync();
    }

    [Fact]
    public async Task UpdateWithStartStartsTheWorkflowAndAnswersTheUpdate()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting;
            var start = WithStartWorkflowOperation.Create((SignalQueryWorkflow w) => w.RunAsync(), options);
            Assert.Equal(2, await Client.ExecuteUpdateWithStartWorkflowAsync((SignalQueryWorkflow w) => w.AddManyAsync(2), new(start)));
            var again = WithStartWorkflowOperation.Create((SignalQueryWorkflow w) => w.RunAsync(), options);
            Assert.Equal(3, await Client.ExecuteUpdateWithStartWorkflowAsync((SignalQueryWorkflow w) => w.AddManyAsync(1), new(again)));
            var handle = await start.GetHandleAsync();
            await handle.SignalAsync(w => w.FinishAsync());
            Assert.Equal("u0,u1,u0", await handle.GetResultAsync());
        });
    }

    [Fact]
    public async Task UpdateWithStartOnARunningIdWithFailPolicyRaisesAlreadyStarted()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            var running = await Client.StartWorkflowAsync((SignalQueryWorkflow w) => w.RunAsync(), options);
            options.IdConflictPolicy = WorkflowIdConflictPolicy.Fail;
            var start = WithStartWorkflowOperation.Create((SignalQueryWorkflow w) => w.RunAsync(), options);
            await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() =>
                Client.ExecuteUpdateWithStartWorkflowAsync((SignalQueryWorkflow w) => w.AddManyAsync(1), new(start)));
            await running.TerminateAsync();
        });
    }

    [Fact]
    public async Task AcceptedUpdateFailsAsAcceptedUpdateCompletedWorkflowWhenTheWorkflowEndsFirst()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SlowUpdateWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            var update = await handle.StartUpdateAsync(w => w.WaitAsync(), new(WorkflowUpdateStage.Accepted));
            await handle.SignalAsync(w => w.FinishAsync());
            var error = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => update.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal("AcceptedUpdateCompletedWorkflow", Assert.IsType<ApplicationFailureException>(error.InnerException).ErrorType);
        });
    }

    [Fact]
    public async Task UpdateNotYetAcceptedWhenTheWorkflowEndsFailsAsCompletedInsteadOfHanging()
    {
        // No worker: the update stays admitted until the run is terminated.
        var handle = await Client.StartWorkflowAsync((SlowUpdateWorkflow w) => w.RunAsync(), WorkerHarness.Options(EmbeddedServerFixture.NewTaskQueue()));
        var update = handle.ExecuteUpdateAsync(w => w.WaitAsync());
        await Task.Delay(500);
        await handle.TerminateAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => update.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    }

    [Fact]
    public async Task UpdateHonoursTheClientRpcTimeout()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((SlowUpdateWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            var options = new WorkflowUpdateOptions { Rpc = new() { Timeout = TimeSpan.FromSeconds(2) } };
            await Assert.ThrowsAsync<WorkflowUpdateRpcTimeoutOrCanceledException>(() =>
                handle.ExecuteUpdateAsync(w => w.WaitAsync(), options).WaitAsync(TimeSpan.FromSeconds(30)));
            await handle.TerminateAsync();
        });
    }

    [Fact]
    public async Task CancellingACompletedWorkflowIsANoOp()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("done"), WorkerHarness.Options(tq));
            await handle.GetResultAsync();
            await handle.CancelAsync();
            Assert.Equal(WorkflowExecutionStatus.Completed, (await handle.DescribeAsync()).Status);
        });
    }

    [Fact]
    public async Task ChildWorkflowSeesItsRootExecution()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((RootInfoParentWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            Assert.Equal($"{handle.Id}/{handle.ResultRunId}", await handle.GetResultAsync());
        });
    }

    [Fact]
    public async Task UpsertingAMemoKeyWithNullDeletesIt()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((MemoWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await WorkflowExecutionTests.WaitUntilAsync(async () => (await handle.DescribeAsync()).Memo.ContainsKey("kept"));
            var memo = (await handle.DescribeAsync()).Memo;
            Assert.DoesNotContain("dropped", memo.Keys);
            await handle.SignalAsync(w => w.FinishAsync());
            await handle.GetResultAsync();
        });
    }

    [Fact]
    public async Task DescribeReturnsTheStaticSummaryAndDetails()
    {
        var options = WorkerHarness.Options(EmbeddedServerFixture.NewTaskQueue());
        options.StaticSummary = "deploys dev";
        options.StaticDetails = "details of the run";
        var handle = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("x"), options);
        var description = await handle.DescribeAsync();
        Assert.Equal("deploys dev", await description.GetStaticSummaryAsync());
        Assert.Equal("details of the run", await description.GetStaticDetailsAsync());
        await handle.TerminateAsync();
    }

    [Fact]
    public async Task WorkflowSeesItsHistorySizeAndPriority()
    {
        var result = await WorkerHarness.RunAsync(Client, tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.Priority = new Priority(priorityKey: 3);
            return Client.ExecuteWorkflowAsync((RunInfoWorkflow w) => w.RunAsync(), options);
        });
        var parts = result.Split('|');
        Assert.True(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("3", parts[1]);
    }

    [Fact]
    public async Task ActivityPriorityReachesTheWorker()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var options = WorkerHarness.Options(tq);
            options.Priority = new Priority(priorityKey: 2);
            var handle = await Client.StartWorkflowAsync((RunInfoWorkflow w) => w.RunAsync(), options);
            await handle.GetResultAsync();
            var raw = await WorkflowExecutionTests.DescribeRawAsync(Client, handle.Id);
            Assert.Equal(2, raw.WorkflowExecutionInfo.Priority.PriorityKey);
        });
    }

    [Fact]
    public async Task PausedActivityRunsOnlyOnceUnpaused()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((OperatorActivityWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await WorkflowExecutionTests.WaitUntilAsync(async () =>
                (await WorkflowExecutionTests.DescribeRawAsync(Client, handle.Id)).PendingActivities.Any(a => a.Attempt == 2));
            var execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = handle.Id };
            await Client.WorkflowService.PauseActivityAsync(new PauseActivityRequest { Namespace = "default", Execution = execution, Type = "FailFirstCall", Reason = "test" });
            var paused = (await WorkflowExecutionTests.DescribeRawAsync(Client, handle.Id)).PendingActivities.Single();
            Assert.True(paused.Paused);
            Assert.Equal(PendingActivityState.Paused, paused.State);
            await Client.WorkflowService.UnpauseActivityAsync(new UnpauseActivityRequest { Namespace = "default", Execution = execution, Type = "FailFirstCall" });
            Assert.Equal(2, await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        });
    }

    [Fact]
    public async Task ResetActivityRunsItAgainFromAttemptOne()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var handle = await Client.StartWorkflowAsync((OperatorActivityWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            await WorkflowExecutionTests.WaitUntilAsync(async () =>
                (await WorkflowExecutionTests.DescribeRawAsync(Client, handle.Id)).PendingActivities.Any(a => a.Attempt == 2));
            await Client.WorkflowService.ResetActivityAsync(new ResetActivityRequest
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                MatchAll = true,
            });
            Assert.Equal(1, await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        });
    }

    [Fact]
    public async Task DescribeTaskQueueListsTheWorkersPollingIt()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            await Client.ExecuteWorkflowAsync((GreetingWorkflow w) => w.RunAsync("poll"), WorkerHarness.Options(tq));
            var described = await Client.WorkflowService.DescribeTaskQueueAsync(new DescribeTaskQueueRequest
            {
                Namespace = "default",
                TaskQueue = new() { Name = tq },
                TaskQueueType = TaskQueueType.Activity,
            });
            var poller = Assert.Single(described.Pollers);
            Assert.Equal(Client.Connection.Options.Identity, poller.Identity);
            Assert.True(DateTime.UtcNow - poller.LastAccessTime.ToDateTime() < TimeSpan.FromMinutes(1));
        });
    }

    [Fact]
    public async Task ClusterInfoCarriesWhatTheUiReads()
    {
        var info = await Client.WorkflowService.GetClusterInfoAsync(new GetClusterInfoRequest());
        Assert.False(string.IsNullOrEmpty(info.ServerVersion));
        Assert.Equal("active", info.ClusterName);
        Assert.Equal(info.ServerVersion, info.VersionInfo.Current.Version);
        Assert.Contains("temporal-ui", info.SupportedClients.Keys);
    }

    [Fact]
    public async Task ListCallsOfUnusedUiTabsAnswerEmpty()
    {
        Assert.Empty((await Client.WorkflowService.ListBatchOperationsAsync(new ListBatchOperationsRequest { Namespace = "default" })).OperationInfo);
        Assert.Empty((await Client.WorkflowService.ListWorkerDeploymentsAsync(new ListWorkerDeploymentsRequest { Namespace = "default" })).WorkerDeployments);
        Assert.Empty((await Client.WorkflowService.ListDeploymentsAsync(new ListDeploymentsRequest { Namespace = "default" })).Deployments);
        Assert.Empty((await Client.WorkflowService.GetWorkerBuildIdCompatibilityAsync(new GetWorkerBuildIdCompatibilityRequest { Namespace = "default", TaskQueue = "q" })).MajorVersionSets);
        Assert.Empty((await Client.WorkflowService.GetWorkerVersioningRulesAsync(new GetWorkerVersioningRulesRequest { Namespace = "default", TaskQueue = "q" })).AssignmentRules);
        Assert.Empty((await Client.Connection.OperatorService.ListNexusEndpointsAsync(new ListNexusEndpointsRequest())).Endpoints);
    }

    private async Task<Temporalio.Client.Schedules.ScheduleHandle> CreateScheduleAsync(Temporalio.Client.Schedules.ScheduleSpec spec, bool paused)
    {
        var action = Temporalio.Client.Schedules.ScheduleActionStartWorkflow.Create((GreetingWorkflow w) => w.RunAsync("s"),
            new($"sched-wf-{Guid.NewGuid():N}", EmbeddedServerFixture.NewTaskQueue()));
        var schedule = new Temporalio.Client.Schedules.Schedule(action, spec) { State = new() { Paused = paused } };
        return await Client.CreateScheduleAsync($"sched-{Guid.NewGuid():N}", schedule);
    }

    [Fact]
    public async Task ScheduleDescribeReturnsACronStringAsACalendarSpec()
    {
        var handle = await CreateScheduleAsync(new() { CronExpressions = ["0 12 * * MON"] }, paused: true);
        var spec = (await handle.DescribeAsync()).Schedule.Spec;
        Assert.Empty(spec.CronExpressions);
        var calendar = Assert.Single(spec.Calendars);
        Assert.Equal(12, Assert.Single(calendar.Hour).Start);
        Assert.Equal(1, Assert.Single(calendar.DayOfWeek).Start);
        await handle.DeleteAsync();
    }

    [Fact]
    public async Task PausedScheduleStillListsItsFutureActionTimes()
    {
        var handle = await CreateScheduleAsync(new() { Intervals = [new(TimeSpan.FromHours(1))] }, paused: true);
        var description = await handle.DescribeAsync();
        Assert.True(description.Schedule.State.Paused);
        Assert.NotEmpty(description.Info.NextActionTimes);
        await handle.DeleteAsync();
    }
}
