using Temporalio.Client;
using CoderBootstrap.Starter;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>End-to-end through the Starter's command line.</summary>
public sealed class StarterTests : IClassFixture<CloudFixture>
{
    private readonly CloudFixture _cloud;

    public StarterTests(CloudFixture cloud) => _cloud = cloud;

    private static string Root => Activities.Runtime.CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

    private static async Task<(int Code, string Out, string Error)> RunAsync(string root, Func<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StarterCommands.RunAsync(args, new StarterContext
        {
            RepositoryRoot = root,
            Out = output,
            Error = error,
            Environment = environment,
            ProgressInterval = TimeSpan.FromMilliseconds(100),
        });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A Starter pointed at the fixture's server, whose worker runs the workflows.</summary>
    private Task<(int Code, string Out, string Error)> RunAgainstCloudAsync(params string[] args) =>
        RunAsync(Root, name => name == "TEMPORAL_ADDRESS" ? _cloud.Server.Address : null, args);

    [Fact]
    public async Task CostPrintsTheSpecificationFiguresAsJson()
    {
        var (code, output, _) = await RunAsync(Root, _ => null, "cost", "--env=all", "--format=json");
        Assert.Equal(0, code);
        Assert.Contains("53.7", output);
        Assert.Contains("97.85", output);
        Assert.Contains("374.5", output);
    }

    [Fact]
    public async Task UnknownEnvironmentIsOneLineAndExitCodeTwo()
    {
        var (code, output, error) = await RunAsync(Root, _ => null, "run", "setup", "--env=qa", "--sandbox");
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("qa", error);
        Assert.Empty(output);
    }

    [Fact]
    public async Task InvalidFlagIsOneLineAndExitCodeTwo()
    {
        var (code, _, error) = await RunAsync(Root, _ => null, "run", "setup", "--env=dev", "--colour");
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task MissingCredentialsAreNamedAndNothingStarts()
    {
        var (code, output, error) = await RunAsync(Root, _ => null, "run", "infra", "--env=dev");
        Assert.Equal(2, code);
        Assert.Contains("SCW_ACCESS_KEY", error);
        Assert.Empty(output);
    }

    [Fact]
    public async Task RunSetupFollowsProgressAndPrintsTheSummary()
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
                return await setup.QueryAsync(w => w.AwaitingApproval);
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
            var (code, output, error) = await RunAsync(Root,
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
            var (code, output, error) = await RunAsync(root, name => name == "TEMPORAL_PORT" ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                "run", "setup", "--env=dev", "--sandbox", "--time-scale=0.005");
            Assert.True(code == 0, error + output);
            Assert.Contains("embedded", output);
            Assert.Contains("Setup of dev completed", output);
            Assert.True(File.Exists(Path.Combine(root, ".local", "temporal.db")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

}
