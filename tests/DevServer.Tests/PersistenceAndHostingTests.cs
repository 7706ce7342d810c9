using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Testing;
using Temporalio.Worker;

namespace CoderBootstrap.DevServer.Tests;

public sealed class PersistenceAndHostingTests
{
    [Fact]
    public async Task WorkflowSurvivesAServerCrashWithPendingActivityAndTimer()
    {
        var db = Path.Combine(Path.GetTempPath(), $"devserver-crash-{Guid.NewGuid():N}.db");
        var port = ServerProcess.FreePort();
        var server = await ServerProcess.StartAsync(port, "--db-filename", db);
        try
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
            var taskQueue = EmbeddedServerFixture.NewTaskQueue();
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue)
                .AddAllActivities(new TestActivities()).AddWorkflow<CrashResilientWorkflow>());
            var result = await worker.ExecuteAsync(async () =>
            {
                var handle = await client.StartWorkflowAsync((CrashResilientWorkflow w) => w.RunAsync(), WorkerHarness.Options(taskQueue));
                await WorkflowExecutionTests.WaitUntilAsync(async () =>
                {
                    var events = (await handle.FetchHistoryAsync()).Events;
                    return events.Any(e => e.EventType == EventType.TimerStarted) && events.Any(e => e.EventType == EventType.ActivityTaskScheduled);
                });
                server.Kill();
                server.Dispose();
                await Task.Delay(500);
                server = await ServerProcess.StartAsync(port, "--db-filename", db);
                return await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(90));
            });
            Assert.Equal("slow|Hello, after restart!", result);
        }
        finally
        {
            server.Dispose();
            EmbeddedServerFixture.DeleteDatabase(db);
        }
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task SignalStopsTheServerWithinSecondsAndItsStoreReopens(string signal)
    {
        var db = Path.Combine(Path.GetTempPath(), $"devserver-signal-{Guid.NewGuid():N}.db");
        var port = ServerProcess.FreePort();
        var server = await ServerProcess.StartAsync(port, "--db-filename", db, "--search-attribute", "Environment=Keyword");
        try
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
            var handle = await client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("kept"), WorkerHarness.Options(EmbeddedServerFixture.NewTaskQueue()));
            server.Signal(signal);
            Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(10)));
            server.Dispose();
            server = await ServerProcess.StartAsync(port, "--db-filename", db);
            var reconnected = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(server.Address));
            Assert.Equal(WorkflowExecutionStatus.Running, (await reconnected.GetWorkflowHandle(handle.Id).DescribeAsync()).Status);
            var attributes = await reconnected.Connection.OperatorService.ListSearchAttributesAsync(new() { Namespace = "default" });
            Assert.Equal(IndexedValueType.Keyword, attributes.CustomAttributes["Environment"]);
        }
        finally
        {
            server.Dispose();
            EmbeddedServerFixture.DeleteDatabase(db);
        }
    }

    [Fact]
    public async Task CompletedWorkflowsAndSchedulesAreStillThereAfterARestart()
    {
        var db = Path.Combine(Path.GetTempPath(), $"devserver-restart-{Guid.NewGuid():N}.db");
        string workflowId;
        await using (var first = await TemporalDevServer.StartAsync(new Hosting.DevServerOptions { DbFilename = db }))
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(first.Address));
            workflowId = await WorkerHarness.RunAsync(client, async tq =>
            {
                var handle = await client.StartWorkflowAsync((SequentialActivitiesWorkflow w) => w.RunAsync(2), WorkerHarness.Options(tq));
                await handle.GetResultAsync();
                await client.CreateScheduleAsync("persisted-schedule", new Temporalio.Client.Schedules.Schedule(
                    Temporalio.Client.Schedules.ScheduleActionStartWorkflow.Create((GreetingWorkflow w) => w.RunAsync("x"), new("sched-wf", tq)),
                    new Temporalio.Client.Schedules.ScheduleSpec { Intervals = [new(TimeSpan.FromHours(1))] }));
                return handle.Id;
            });
        }
        await using var second = await TemporalDevServer.StartAsync(new Hosting.DevServerOptions { DbFilename = db });
        var reconnected = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(second.Address));
        var handleAfter = reconnected.GetWorkflowHandle(workflowId);
        Assert.Equal(2, await handleAfter.GetResultAsync<int>());
        Assert.Equal(WorkflowExecutionStatus.Completed, (await handleAfter.DescribeAsync()).Status);
        var schedule = await reconnected.GetScheduleHandle("persisted-schedule").DescribeAsync();
        Assert.Equal(TimeSpan.FromHours(1), schedule.Schedule.Spec.Intervals.Single().Every);
    }

    [Fact]
    public async Task SdkWorkflowEnvironmentLaunchesTheExecutableAsItsDevServer()
    {
        await using var env = await WorkflowEnvironment.StartLocalAsync(new()
        {
            DevServerOptions = new() { ExistingPath = ServerProcess.ExecutablePath },
        });
        var result = await WorkerHarness.RunAsync(env.Client, tq =>
            env.Client.ExecuteWorkflowAsync((GreetingWorkflow w) => w.RunAsync("environment"), WorkerHarness.Options(tq)));
        Assert.Equal("Hello, environment!", result);
    }

    [Fact]
    public void CommandLineAcceptsWhatTheSdkPasses()
    {
        var options = DevServerCommandLine.Parse(["server", "start-dev", "--port", "40427", "--namespace", "default", "--ip", "127.0.0.1",
            "--log-format", "pretty", "--log-level", "warn", "--dynamic-config-value", "frontend.enableUpdateWorkflowExecution=true",
            "--headless", "--db-filename", "x.db", "--search-attribute", "Env=Keyword", "--ui-port", "8233"]);
        Assert.Equal(40427, options.Port);
        Assert.Equal("x.db", options.DbFilename);
        Assert.Equal(["default"], options.Namespaces);
        Assert.Equal(["Env=Keyword"], options.SearchAttributes);
    }

    [Fact]
    public void CommandLineRejectsASearchAttributeWithoutAType()
    {
        var error = Assert.Throws<FormatException>(() => DevServerCommandLine.Parse(["--search-attribute", "Environment"]));
        Assert.Contains("NAME=TYPE", error.Message);
    }

    [Theory]
    [InlineData("--port", "seventy")]
    [InlineData("--port", "70000")]
    [InlineData("--log-format", "xml")]
    [InlineData("--bogus", "1")]
    public void CommandLineRejectsBadInputWithAClearMessage(string option, string value)
    {
        var error = Assert.Throws<FormatException>(() => DevServerCommandLine.Parse([option, value]));
        Assert.Contains(option, error.Message);
    }
}
