using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>End-to-end through the Starter's command line.</summary>
public sealed class StarterTests : IClassFixture<CloudFixture>
{
    private readonly CloudFixture _cloud;

    public StarterTests(CloudFixture cloud) => _cloud = cloud;

    /// <summary>A Starter pointed at the fixture's server, whose worker runs the workflows.</summary>
    private Task<(int Code, string Out, string Error)> RunAgainstCloudAsync(params string[] args) =>
        StarterInvocation.RunAsync(StarterInvocation.Root, name => name == "TEMPORAL_ADDRESS" ? _cloud.Server.Address : null, args);

    [Fact]
    public async Task RunSetupFollowsProgressPrintsTheSummaryAndTheRunIsFoundByItsSearchAttributes()
    {
        var (code, output, error) = await RunAgainstCloudAsync("run", "setup", "--env=staging");
        Assert.True(code == 0, error + output);
        Assert.Contains("infra/cluster ready completed", output);
        Assert.Contains("Coder URL:", output);
        Assert.Contains("€97.85", output);
        var (statusCode, status, _) = await RunAgainstCloudAsync("status", "--env=staging");
        Assert.Equal(0, statusCode);
        Assert.Contains("setup-staging (Completed", status);
        Assert.Contains("coder/templates completed", status);
        var listed = new List<WorkflowExecution>();
        await foreach (var run in _cloud.Client.ListWorkflowsAsync("Environment = 'staging' AND RunKind = 'setup'"))
        {
            listed.Add(run);
        }
        var setup = Assert.Single(listed);
        Assert.Equal(WorkflowNames.Setup("staging"), setup.Id);
        Assert.Equal("done", setup.TypedSearchAttributes.Get(RunSearchAttributes.Phase));
    }

    [Fact]
    public async Task SecondRunOfTheSameEnvironmentIsRefusedWithExitCodeThree()
    {
        var first = RunAgainstCloudAsync("run", "setup", "--env=prod");
        var setup = _cloud.Client.GetWorkflowHandle<SetupWorkflow>(WorkflowNames.Setup("prod"));
        await TestSupport.WaitUntilAsync(async () =>
        {
            try
            {
                // Other tests of this class leave closed prod setups behind: wait for the one started here.
                return (await setup.DescribeAsync()).Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running
                    && await setup.QueryAsync(w => w.AwaitingApproval);
            }
            catch (Temporalio.Exceptions.RpcException)
            {
                return false;
            }
        });
        var (code, _, error) = await RunAgainstCloudAsync("run", "setup", "--env=prod");
        Assert.Equal(3, code);
        Assert.Contains("already running", error);
        var (approveCode, approved, _) = await RunAgainstCloudAsync("approve", "--env=prod", "--by=carol");
        Assert.Equal(0, approveCode);
        Assert.Contains("approved by carol", approved);
        var (firstCode, firstOutput, firstError) = await first;
        Assert.True(firstCode == 0, firstError + firstOutput);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task KubeconfigIsWrittenLocallyWithOwnerOnlyPermissions()
    {
        await _cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput("dev")), new(WorkflowNames.Infra("dev"), WorkflowNames.TaskQueue));
        var target = Path.Combine(Path.GetTempPath(), $"config-coder-dev-{Guid.NewGuid():N}");
        try
        {
            var (code, output, error) = await StarterInvocation.RunAsync(StarterInvocation.Root,
                name => name == "TEMPORAL_ADDRESS" ? _cloud.Server.Address : _cloud.Variables.GetValueOrDefault(name),
                "kubeconfig", "--env=dev", $"--output={target}");
            Assert.True(code == 0, error + output);
            Assert.Contains("clusters:", await File.ReadAllTextAsync(target));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
            Assert.Contains("X-Amz-Expires", output);
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public async Task PlanShowsCostAndChangesNothing()
    {
        var before = _cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;
        var (code, output, error) = await RunAgainstCloudAsync("plan", "--env=dev");
        Assert.True(code == 0, error + output);
        Assert.Contains("Monthly cost: €53.70", output);
        Assert.Equal(before, _cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    [Fact]
    public async Task SandboxSetupRunsEndToEndOnAFreshCopy()
    {
        var root = RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\necho \"coder is at $CODER_URL\"\n");
        try
        {
            var port = TestSupport.FreePort();
            var (code, output, error) = await StarterInvocation.RunAsync(root, name => name == "TEMPORAL_PORT" ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                "run", "setup", "--env=dev", "--sandbox", "--time-scale=0.005");
            Assert.True(code == 0, error + output);
            Assert.Contains("embedded", output);
            Assert.Contains("Setup of dev completed", output);
            Assert.Contains("not applied: `starter schedules apply --env=dev` creates them", output);
            Assert.True(File.Exists(Path.Combine(root, ".local", "temporal.db")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }


    /// <summary>Starts a prod setup straight on the server and waits until it waits for approval.</summary>
    private async Task<WorkflowHandle<SetupWorkflow>> StartProdSetupWaitingForApprovalAsync()
    {
        var setup = await _cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("prod", false, false, null, null)),
            new(WorkflowNames.Setup("prod"), WorkflowNames.TaskQueue));
        await TestSupport.WaitUntilAsync(async () =>
        {
            try
            {
                return await setup.QueryAsync(w => w.AwaitingApproval);
            }
            catch (Temporalio.Exceptions.RpcException)
            {
                return false;
            }
        });
        return setup;
    }

    [Fact]
    public async Task ApproveWithNothingWaitingIsOneLineAndExitCodeTwo()
    {
        var (code, output, error) = await RunAgainstCloudAsync("approve", "--env=dev");
        Assert.Equal(2, code);
        Assert.Contains("no setup or teardown of dev is waiting for approval", StarterInvocation.SingleErrorLine(error));
        Assert.Empty(output);
    }

    [Fact]
    public async Task RejectWithNothingWaitingIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = await RunAgainstCloudAsync("reject", "--env=dev", "--reason=no");
        Assert.Equal(2, code);
        StarterInvocation.SingleErrorLine(error);
    }

    [Fact]
    public async Task RunOfAnotherKindIsRefusedWhileASetupOfTheEnvironmentRuns()
    {
        var setup = await StartProdSetupWaitingForApprovalAsync();
        try
        {
            var (code, _, error) = await RunAgainstCloudAsync("run", "infra", "--env=prod");
            Assert.Equal(3, code);
            Assert.Contains("workflow setup-prod", StarterInvocation.SingleErrorLine(error));
        }
        finally
        {
            await setup.TerminateAsync("test over");
        }
    }

    [Fact]
    public async Task CancelEndsAWaitingSetupAsCancelled()
    {
        var setup = await StartProdSetupWaitingForApprovalAsync();
        var (code, output, error) = await RunAgainstCloudAsync("cancel", "--env=prod");
        Assert.True(code == 0, error + output);
        Assert.Contains("setup-prod cancelled", output);
        Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Canceled, (await setup.DescribeAsync()).Status);
    }

    [Fact]
    public async Task TerminateEndsAStuckRunWithItsReason()
    {
        var setup = await StartProdSetupWaitingForApprovalAsync();
        var (code, output, error) = await RunAgainstCloudAsync("terminate", "--env=prod", "--reason=stuck in a test");
        Assert.True(code == 0, error + output);
        Assert.Contains("setup-prod terminated (stuck in a test)", output);
        Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Terminated, (await setup.DescribeAsync()).Status);
    }

    [Fact]
    public async Task CancelWithNothingRunningIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = await RunAgainstCloudAsync("cancel", "--env=dev", "--kind=backup");
        Assert.Equal(2, code);
        Assert.Contains("no backup of dev is running", StarterInvocation.SingleErrorLine(error));
    }
}
