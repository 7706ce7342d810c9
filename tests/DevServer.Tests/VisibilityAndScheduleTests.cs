using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace CoderBootstrap.DevServer.Tests;

public sealed class VisibilityAndScheduleTests : IClassFixture<EmbeddedServerFixture>
{
    private readonly EmbeddedServerFixture _fixture;

    public VisibilityAndScheduleTests(EmbeddedServerFixture fixture) => _fixture = fixture;

    private TemporalClient Client => _fixture.Client;

    private Task<List<WorkflowExecution>> ListAsync(string query) => EmbeddedServerFixture.ListAsync(Client, query);

    [Fact]
    public async Task ListFiltersByTypeStatusAndTimeAndOrdersNewestFirst()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var before = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
            var done = await Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("v"), WorkerHarness.Options(tq));
            await done.GetResultAsync();
            var running = await Client.StartWorkflowAsync((LongSleepWorkflow w) => w.RunAsync(), WorkerHarness.Options(tq));
            var inQueue = $"TaskQueue = '{tq}'";

            var greetings = await ListAsync($"WorkflowType = 'GreetingWorkflow' AND {inQueue}");
            Assert.Equal([done.Id], greetings.Select(e => e.Id));
            var open = await ListAsync($"ExecutionStatus = 'Running' AND {inQueue}");
            Assert.Equal([running.Id], open.Select(e => e.Id));
            var recent = await ListAsync($"StartTime > '{before}' AND ({inQueue}) ORDER BY StartTime DESC");
            Assert.Equal([running.Id, done.Id], recent.Select(e => e.Id));
            var either = await ListAsync($"(WorkflowId = '{done.Id}' OR WorkflowId = '{running.Id}') AND {inQueue}");
            Assert.Equal(2, either.Count);
            Assert.Equal(1, (await Client.CountWorkflowsAsync($"ExecutionStatus = 'Completed' AND {inQueue}")).Count);
            var grouped = await Client.CountWorkflowsAsync($"{inQueue} GROUP BY ExecutionStatus");
            Assert.Equal(2, grouped.Count);
            Assert.Equal(2, grouped.Groups.Count);
            await running.TerminateAsync("done");
        });
    }

    [Fact]
    public async Task MalformedListQueryIsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ListAsync("WorkflowType = = 'x'"));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task IntervalScheduleStartsWorkflowsAndCanBePausedTriggeredUpdatedAndDeleted()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var id = $"sched-{Guid.NewGuid():N}";
            var handle = await Client.CreateScheduleAsync(id, new Schedule(
                ScheduleActionStartWorkflow.Create((GreetingWorkflow w) => w.RunAsync("scheduled"), new(id + "-wf", tq)),
                new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromSeconds(1))] }));
            await WorkflowExecutionTests.WaitUntilAsync(async () => (await handle.DescribeAsync()).Info.NumActions >= 2);
            var description = await handle.DescribeAsync();
            Assert.NotEmpty(description.Info.NextActionTimes);
            Assert.NotEmpty(description.Info.RecentActions);

            await handle.PauseAsync("maintenance");
            description = await handle.DescribeAsync();
            Assert.True(description.Schedule.State.Paused);
            Assert.Equal("maintenance", description.Schedule.State.Note);
            var pausedCount = description.Info.NumActions;
            await Task.Delay(1500);
            Assert.Equal(pausedCount, (await handle.DescribeAsync()).Info.NumActions);

            await handle.TriggerAsync();
            Assert.Equal(pausedCount + 1, (await handle.DescribeAsync()).Info.NumActions);

            await handle.UnpauseAsync();
            await handle.UpdateAsync(input => new ScheduleUpdate(input.Description.Schedule with
            {
                Spec = new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromHours(1))] },
            }));
            Assert.Equal(TimeSpan.FromHours(1), (await handle.DescribeAsync()).Schedule.Spec.Intervals.Single().Every);

            var listed = new List<string>();
            await foreach (var entry in Client.ListSchedulesAsync())
            {
                listed.Add(entry.Id);
            }
            Assert.Contains(id, listed);
            await handle.DeleteAsync();
            await Assert.ThrowsAsync<RpcException>(() => handle.DescribeAsync());
        });
    }

    [Fact]
    public async Task CronScheduleComputesFutureActionTimesOnTheMinute()
    {
        var id = $"cron-{Guid.NewGuid():N}";
        var handle = await Client.CreateScheduleAsync(id, new Schedule(
            ScheduleActionStartWorkflow.Create((GreetingWorkflow w) => w.RunAsync("cron"), new(id + "-wf", "unused-queue")),
            new ScheduleSpec { CronExpressions = ["0 2 * * *"] }));
        var next = (await handle.DescribeAsync()).Info.NextActionTimes;
        Assert.NotEmpty(next);
        Assert.All(next, t => Assert.Equal((2, 0, 0), (t.Hour, t.Minute, t.Second)));
        await handle.DeleteAsync();
    }

    [Fact]
    public async Task SkipOverlapPolicySkipsWhileThePreviousRunIsStillRunning()
    {
        await WorkerHarness.RunAsync(Client, async tq =>
        {
            var id = $"overlap-{Guid.NewGuid():N}";
            var handle = await Client.CreateScheduleAsync(id, new Schedule(
                ScheduleActionStartWorkflow.Create((LongSleepWorkflow w) => w.RunAsync(), new(id + "-wf", tq)),
                new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromSeconds(1))] })
            {
                Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.Skip },
            });
            await WorkflowExecutionTests.WaitUntilAsync(async () => (await handle.DescribeAsync()).Info.NumActionsSkippedOverlap >= 2);
            var description = await handle.DescribeAsync();
            Assert.Equal(1, description.Info.NumActions);
            Assert.Single(description.Info.RunningActions);
            await handle.DeleteAsync();
            await Client.GetWorkflowHandle(((ScheduleActionExecutionStartWorkflow)description.Info.RunningActions.Single()).WorkflowId).TerminateAsync("cleanup");
        });
    }

    [Fact]
    public async Task CreatingAScheduleTwiceFails()
    {
        var id = $"dup-{Guid.NewGuid():N}";
        var schedule = new Schedule(
            ScheduleActionStartWorkflow.Create((GreetingWorkflow w) => w.RunAsync("x"), new(id + "-wf", "q")),
            new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromHours(1))] });
        var handle = await Client.CreateScheduleAsync(id, schedule);
        await Assert.ThrowsAsync<ScheduleAlreadyRunningException>(() => Client.CreateScheduleAsync(id, schedule));
        await handle.DeleteAsync();
    }
}
