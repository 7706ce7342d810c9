using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>The TTL's control flow (deadline, extend, cancel, the teardown child) with a stand-in teardown, in seconds.</summary>
public sealed class FastTtlWorkflowTests : IClassFixture<FastWorkflowFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly FastWorkflowFixture _fixture;

    public FastTtlWorkflowTests(FastWorkflowFixture fixture) => _fixture = fixture;

    private Task RunAsync(Func<string, string, Task> test)
    {
        var env = _fixture.NewEnvironment();
        return _fixture.RunAsync(_fixture.NewStandIns(), queue => test(env, queue),
            options => options.AddWorkflow<TtlWorkflow>().AddWorkflow<StandInTeardownWorkflow>());
    }

    private Task<WorkflowHandle<TtlWorkflow, TtlResult>> StartAsync(string queue, string env, TimeSpan ttl) =>
        _fixture.Client.StartWorkflowAsync((TtlWorkflow w) => w.RunAsync(new TtlInput(env, DateTime.UtcNow + ttl, 0.01)), new(WorkflowNames.Ttl(env), queue));

    [Fact]
    public async Task AtTheDeadlineTheTeardownRunsAsAChildWithApprovalSkippedAndTheBackupKept()
    {
        await RunAsync(async (env, queue) =>
        {
            var handle = await StartAsync(queue, env, TimeSpan.FromSeconds(2));
            var deadline = (await handle.QueryAsync(w => w.Status)).Deadline;
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("torn down", result.Outcome);
            Assert.Equal("destroyed", result.Teardown!.Outcome);
            var (input, at) = StandInTeardownWorkflow.Started[env];
            Assert.True(input.AutoApprove);
            Assert.False(input.SkipBackup);
            Assert.False(input.DryRun);
            Assert.Equal(TeardownInput.DefaultRetentionDays, input.RetentionDays);
            Assert.Equal(0.01, input.RetryScale);
            Assert.True(at >= deadline, $"teardown at {at:O} before the deadline {deadline:O}");
        });
    }

    [Fact]
    public async Task ExtendMovesTheDeadlineAndTheTeardownWaitsForTheNewOne()
    {
        await RunAsync(async (env, queue) =>
        {
            var handle = await StartAsync(queue, env, TimeSpan.FromSeconds(2));
            var before = (await handle.QueryAsync(w => w.Status)).Deadline;
            var extended = await handle.ExecuteUpdateAsync(w => w.ExtendAsync(TimeSpan.FromSeconds(3)));
            Assert.Equal(before + TimeSpan.FromSeconds(3), extended);
            Assert.Equal(extended, (await handle.QueryAsync(w => w.Status)).Deadline);
            await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.True(StandInTeardownWorkflow.Started[env].At >= extended);
        });
    }

    [Fact]
    public async Task CancelEndsTheTtlWithoutATeardown()
    {
        await RunAsync(async (env, queue) =>
        {
            var handle = await StartAsync(queue, env, TimeSpan.FromHours(48));
            var answer = await handle.ExecuteUpdateAsync(w => w.CancelAsync());
            Assert.Contains("cancelled", answer, StringComparison.Ordinal);
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("cancelled", result.Outcome);
            Assert.Null(result.Teardown);
            Assert.False(StandInTeardownWorkflow.Started.ContainsKey(env));
        });
    }

    [Fact]
    public async Task ANonPositiveExtensionIsRefusedAndTheDeadlineStays()
    {
        await RunAsync(async (env, queue) =>
        {
            var handle = await StartAsync(queue, env, TimeSpan.FromHours(48));
            var before = (await handle.QueryAsync(w => w.Status)).Deadline;
            await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(w => w.ExtendAsync(TimeSpan.FromHours(-1))));
            Assert.Equal(before, (await handle.QueryAsync(w => w.Status)).Deadline);
            await handle.ExecuteUpdateAsync(w => w.CancelAsync());
        });
    }

    [Fact]
    public async Task AProdTtlNeverSkipsTheApprovalGate()
    {
        await _fixture.RunAsync(_fixture.NewStandIns(), async queue =>
        {
            var handle = await StartAsync(queue, "prod", TimeSpan.FromSeconds(1));
            await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.False(StandInTeardownWorkflow.Started["prod"].Input.AutoApprove);
        }, options => options.AddWorkflow<TtlWorkflow>().AddWorkflow<StandInTeardownWorkflow>());
    }
}
