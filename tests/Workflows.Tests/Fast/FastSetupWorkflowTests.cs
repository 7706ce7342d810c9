using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>The setup's control flow with stand-in activities: approval paths, phase-1 skip, values handed forward, failure mapping.</summary>
public sealed class FastSetupWorkflowTests : IClassFixture<FastWorkflowFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly FastWorkflowFixture _fixture;

    public FastSetupWorkflowTests(FastWorkflowFixture fixture) => _fixture = fixture;

    /// <summary>Runs a test for an environment of its own, with stand-ins arranged first, on a worker of its own.</summary>
    private Task RunAsync(Action<StandInActivities> arrange, Func<string, StandInActivities, string, Task> test)
    {
        var env = _fixture.NewEnvironment();
        var standIns = _fixture.NewStandIns();
        arrange(standIns);
        return _fixture.RunAsync(standIns, queue => test(env, standIns, queue));
    }

    private Task<WorkflowHandle<SetupWorkflow, SetupResult>> StartAsync(string taskQueue, SetupInput input) =>
        _fixture.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Setup(input.Environment), taskQueue));

    private static Task WaitForApprovalAsync(WorkflowHandle<SetupWorkflow, SetupResult> handle) => TestSupport.WaitUntilAsync(async () =>
    {
        var description = await handle.DescribeAsync();
        if (description.Status != WorkflowExecutionStatus.Running)
        {
            await handle.GetResultAsync();
        }
        return await handle.QueryAsync(w => w.AwaitingApproval);
    });

    private static async Task<ApplicationFailureException> FailureOfAsync(WorkflowHandle<SetupWorkflow, SetupResult> handle)
    {
        Exception? error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(RunTimeout));
        while (error is not null and not ApplicationFailureException)
        {
            error = error.InnerException;
        }
        return Assert.IsType<ApplicationFailureException>(error);
    }

    [Fact]
    public async Task AnEnvironmentThatRequiresApprovalWaitsAndProceedsOnceApproved()
    {
        await RunAsync(s => s.ApprovalRequired = true, async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new SetupInput(env));
            await WaitForApprovalAsync(handle);
            Assert.Equal(0, standIns.CountOf("EnsurePrivateNetwork"));
            Assert.Equal(StepState.Waiting, (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "approval").State);

            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null)));

            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("completed", result.Outcome);
            Assert.Equal("alice", result.Approval!.By);
        });
    }

    [Fact]
    public async Task ARejectionFailsTheSetupAsRejectedBeforeAnythingIsCreated()
    {
        await RunAsync(s => s.ApprovalRequired = true, async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new SetupInput(env));
            await WaitForApprovalAsync(handle);

            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(false, "bob", "too expensive")));

            var failure = await FailureOfAsync(handle);
            Assert.Equal("Rejected", failure.ErrorType);
            Assert.Contains("rejected by bob: too expensive", failure.Message);
            Assert.Equal(0, standIns.CountOf("EnsurePrivateNetwork"));
        });
    }

    [Fact]
    public async Task NoDecisionWithinTheApprovalTimeoutFailsTheSetupAsTimedOut()
    {
        await RunAsync(s => s.ApprovalRequired = true, async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new SetupInput(env, ApprovalTimeout: TimeSpan.FromSeconds(2)));

            var failure = await FailureOfAsync(handle);
            Assert.Equal("ApprovalTimedOut", failure.ErrorType);
            Assert.Equal(0, standIns.CountOf("EnsurePrivateNetwork"));
        });
    }

    [Fact]
    public async Task AutoApproveProceedsWithoutWaitingAndSaysSo()
    {
        await RunAsync(s => s.ApprovalRequired = true, async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new SetupInput(env, AutoApprove: true));

            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal("auto-approve", result.Approval!.By);
            Assert.StartsWith("auto-approved", (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "approval").Detail);
        });
    }

    [Fact]
    public async Task ACostOverTheBudgetNeedsApprovalWhereTheEnvironmentDoesNotRequireIt()
    {
        await RunAsync(s =>
        {
            s.MonthlyCost = 150m;
            s.MonthlyBudget = 100m;
        }, async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new SetupInput(env));
            await WaitForApprovalAsync(handle);

            Assert.Contains("exceeds the €100.00 budget", (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "approval").Detail);
            await handle.TerminateAsync("test over");
        });
    }

    [Fact]
    public async Task WithoutApprovalOrBudgetConcernTheApprovalStepIsSkipped()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new SetupInput(env));

            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Null(result.Approval);
            Assert.Equal(StepState.Skipped, (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "approval").State);
        });
    }

    [Fact]
    public async Task AFinishedPhase1ThatStillStandsIsSkippedAndItsOutputsGoToPhase2()
    {
        await RunAsync(s => s.Phase1Recorded = true, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new SetupInput(env))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.True(result.InfraAdopted);
            Assert.Equal(0, standIns.CountOf("EnsurePrivateNetwork"));
            Assert.Equal(1, standIns.CountOf("ReadInfraOutputs"));
            Assert.All(standIns.InputsOf<CoderStepInput>("ApplyCoderManifests"), step => Assert.Equal(StandInActivities.RecordedOutputs(env), step.Infra));
        });
    }

    [Fact]
    public async Task RecordedInfrastructureThatIsGoneIsProvisionedAgain()
    {
        await RunAsync(s =>
        {
            s.Phase1Recorded = true;
            s.Phase1Stands = false;
        }, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new SetupInput(env))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.False(result.InfraAdopted);
            Assert.Equal(1, standIns.CountOf("EnsurePrivateNetwork"));
        });
    }

    [Fact]
    public async Task Phase2GetsThePhase1OutputsOfTheRunWithoutReadingThemBack()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            await (await StartAsync(queue, new SetupInput(env))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal(1, standIns.CountOf("ReadInfraOutputs"));
            var step = Assert.Single(standIns.InputsOf<CoderStepInput>("ApplyCoderManifests"));
            Assert.Equal(("cluster-new", "db-new", "10.0.0.9", "kubeconfig/new.yaml"),
                (step.Infra.ClusterId, step.Infra.DatabaseInstanceId, step.Infra.DatabaseHost, step.Infra.KubeconfigObjectKey));
            Assert.Equal(step.Infra, Assert.Single(standIns.InputsOf<HealthCheckInput>("RunHealthChecks")).Step.Infra);
        });
    }

    [Fact]
    public async Task APermanentActivityFailureFailsTheSetupWithItsMessageAndMarksTheStep()
    {
        await RunAsync(s => s.FailPermanently("PushTemplate", FailureKind.TemplateImportFailed, "template go-fiber: the import job failed: no agent"), async (env, standIns, queue) =>
        {
            var handle = await StartAsync(queue, new SetupInput(env));

            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(RunTimeout));
            Assert.Equal("template go-fiber: the import job failed: no agent", StepTracker.FailureMessage(error));
            Assert.Equal(1, standIns.CountOf("PushTemplate"));
            var coder = (await handle.QueryAsync(w => w.Status)).Steps.Single(s => s.Name == "coder");
            Assert.Equal(StepState.Failed, coder.State);
            Assert.Equal(0, standIns.CountOf("RunHealthChecks"));
        });
    }

    [Fact]
    public async Task FailedHealthChecksFailTheSetupNamingTheChecksBeforeThePostSetupHook()
    {
        await RunAsync(s => s.HealthChecksPass = false, async (env, standIns, queue) =>
        {
            var failure = await FailureOfAsync(await StartAsync(queue, new SetupInput(env)));

            Assert.Equal("HealthChecksFailed", failure.ErrorType);
            Assert.Contains("coder healthz: no answer", failure.Message);
            Assert.DoesNotContain(standIns.InputsOf<HookInput>("RunHook"), h => h.Hook == "post-setup");
        });
    }

    [Fact]
    public async Task AnUnknownEnvironmentFailsTheSetupAtItsFirstStep()
    {
        var standIns = _fixture.NewStandIns();
        await _fixture.RunAsync(standIns, async queue =>
        {
            var failure = await FailureOfAsync(await StartAsync(queue, new SetupInput("nowhere")));

            Assert.Equal(ErrorTypes.UnknownEnvironment, failure.ErrorType);
            Assert.Equal(["LoadSpec"], standIns.Calls.Select(c => c.Activity));
        });
    }

    [Fact]
    public async Task ADryRunPlansAndChangesNothing()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var result = await (await StartAsync(queue, new SetupInput(env, DryRun: true))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal("dry-run", result.Outcome);
            Assert.Equal(["LoadSpec", "CheckPrerequisites", "Plan"], standIns.Calls.Select(c => c.Activity));
        });
    }

    [Fact]
    public async Task EachHookGetsTheTimeoutOfTheRunsSnapshotHandedForwardEvenWhenTheSpecIsEditedMidRun()
    {
        await RunAsync(s => s.ApprovalRequired = true, async (env, standIns, queue) =>
        {
            await File.AppendAllTextAsync(_fixture.SpecFile(env), "\nhooks:\n  timeout: 7m\n");
            var handle = await StartAsync(queue, new SetupInput(env));
            await WaitForApprovalAsync(handle);
            var loaded = Assert.Single(standIns.InputsOf<SpecSnapshot>("Plan"));

            var edited = (await File.ReadAllTextAsync(_fixture.SpecFile(env))).Replace("timeout: 7m", "timeout: 1m", StringComparison.Ordinal);
            await File.WriteAllTextAsync(_fixture.SpecFile(env), edited);
            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null)));
            await handle.GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal(["pre-setup", "post-setup"], standIns.InputsOf<DescribeHookInput>("DescribeHook").Select(d => d.Hook));
            Assert.All(standIns.InputsOf<DescribeHookInput>("DescribeHook"), d => Assert.Equal(loaded.Digest, d.Snapshot.Digest));
            Assert.All(standIns.InputsOf<HookInput>("RunHook"), h => Assert.Equal(TimeSpan.FromMinutes(7), h.Timeout));
            Assert.Equal(2, standIns.CountOf("RunHook"));
        });
    }

    [Fact]
    public async Task AnEditOfTheSpecDuringTheRunChangesNothingInIt()
    {
        await RunAsync(s => s.ApprovalRequired = true, async (env, standIns, queue) =>
        {
            var original = await File.ReadAllTextAsync(_fixture.SpecFile(env));
            var handle = await StartAsync(queue, new SetupInput(env));
            await WaitForApprovalAsync(handle);
            var loaded = Assert.Single(standIns.InputsOf<SpecSnapshot>("Plan"));

            await File.WriteAllTextAsync(_fixture.SpecFile(env), original.Replace($"cluster_name: coder-{env}", $"cluster_name: coder-{env}-edited", StringComparison.Ordinal));
            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null)));
            await handle.GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal(1, standIns.CountOf("LoadSpec"));
            Assert.Equal($"coder-{env}", Assert.Single(standIns.InputsOf<EnsureClusterInput>("EnsureCluster")).Snapshot.Spec.Kubernetes.ClusterName);
            Assert.All(standIns.InputsOf<RecordInfraStateInput>("RecordInfraState"), i => Assert.Equal(loaded.Digest, i.Snapshot.Digest));
            Assert.Equal(loaded.Digest, Assert.Single(standIns.InputsOf<RecordCoderStateInput>("RecordCoderState")).Step.Snapshot.Digest);
            Assert.Equal(loaded.Digest, (await handle.QueryAsync(w => w.Status)).SpecDigest);
            Assert.NotEqual(loaded.Digest, _fixture.NewStandIns().LoadSpecDigest(env));
        });
    }
}
