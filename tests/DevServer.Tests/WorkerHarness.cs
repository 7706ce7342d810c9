using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.DevServer.Tests;

/// <summary>Runs a real SDK worker with all the sample workflows on a fresh task queue for the duration of a test body.</summary>
internal static class WorkerHarness
{
    public static async Task<T> RunAsync<T>(ITemporalClient client, Func<string, Task<T>> body, TestActivities? activities = null, string? taskQueue = null,
        OperatorActivities? moreActivities = null)
    {
        taskQueue ??= EmbeddedServerFixture.NewTaskQueue();
        var options = new TemporalWorkerOptions(taskQueue)
            .AddAllActivities(activities ?? new TestActivities())
            .AddAllActivities(moreActivities ?? new OperatorActivities())
            .AddWorkflow<WorkflowAttemptWorkflow>()
            .AddWorkflow<CronCountingWorkflow>()
            .AddWorkflow<RootInfoParentWorkflow>()
            .AddWorkflow<RootInfoChildWorkflow>()
            .AddWorkflow<MemoWorkflow>()
            .AddWorkflow<UnregisteredSearchAttributeWorkflow>()
            .AddWorkflow<RunInfoWorkflow>()
            .AddWorkflow<SlowUpdateWorkflow>()
            .AddWorkflow<OperatorActivityWorkflow>()
            .AddWorkflow<ResettableWorkflow>()
            .AddWorkflow<CrashResilientWorkflow>()
            .AddWorkflow<GreetingWorkflow>()
            .AddWorkflow<SequentialActivitiesWorkflow>()
            .AddWorkflow<RetryingWorkflow>()
            .AddWorkflow<NonRetryableWorkflow>()
            .AddWorkflow<SignalQueryWorkflow>()
            .AddWorkflow<TimerWorkflow>()
            .AddWorkflow<CancellableTimerWorkflow>()
            .AddWorkflow<ChildParentWorkflow>()
            .AddWorkflow<ChildWorkflow>()
            .AddWorkflow<AbandonOrTerminateParentWorkflow>()
            .AddWorkflow<ContinueAsNewWorkflow>()
            .AddWorkflow<ExternalSignalWorkflow>()
            .AddWorkflow<ExternalCancelWorkflow>()
            .AddWorkflow<CancellableActivityWorkflow>()
            .AddWorkflow<ActivityTimeoutWorkflow>()
            .AddWorkflow<HeartbeatResumeWorkflow>()
            .AddWorkflow<LocalActivityWorkflow>()
            .AddWorkflow<FailOnceWorkflow>()
            .AddWorkflow<FailingWorkflow>()
            .AddWorkflow<LongSleepWorkflow>();
        using var worker = new TemporalWorker(client, options);
        return await worker.ExecuteAsync(() => body(taskQueue)).WaitAsync(TimeSpan.FromMinutes(2));
    }

    public static Task RunAsync(ITemporalClient client, Func<string, Task> body, TestActivities? activities = null, OperatorActivities? moreActivities = null) =>
        RunAsync<bool>(client, async tq =>
        {
            await body(tq);
            return true;
        }, activities, moreActivities: moreActivities);

    public static WorkflowOptions Options(string taskQueue, string? id = null) => new(id ?? $"wf-{Guid.NewGuid():N}", taskQueue);
}
