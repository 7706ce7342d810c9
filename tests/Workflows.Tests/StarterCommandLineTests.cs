using static CoderBootstrap.Workflows.Tests.StarterInvocation;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>What the Starter says to bad input: one line, exit 2, nothing started.</summary>
public sealed class StarterCommandLineTests
{
    [Fact]
    public async Task CostPrintsTheSpecificationFiguresAsJson()
    {
        var (code, output, _) = await RunBareAsync("cost", "--env=all", "--format=json");
        Assert.Equal(0, code);
        Assert.Contains("53.7", output);
        Assert.Contains("97.85", output);
        Assert.Contains("374.5", output);
    }

    [Fact]
    public async Task UnknownCommandIsNamed()
    {
        var (code, output, error) = await RunBareAsync("frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("unknown command 'frobnicate'", SingleErrorLine(error));
        Assert.Empty(output);
    }

    [Fact]
    public async Task UnknownKindOfRunIsNamedWithTheKnownOnes()
    {
        var (code, _, error) = await RunBareAsync("run", "frobnicate", "--env=dev");
        Assert.Equal(2, code);
        var line = SingleErrorLine(error);
        Assert.Contains("unknown command 'run frobnicate'", line);
        Assert.Contains("setup, infra, coder", line);
    }

    [Fact]
    public async Task UnknownOptionIsNamed()
    {
        var (code, _, error) = await RunBareAsync("run", "setup", "--env=dev", "--colour");
        Assert.Equal(2, code);
        Assert.Contains("unknown option '--colour' for 'run setup'", SingleErrorLine(error));
    }

    [Fact]
    public async Task ApprovalTimeoutThatIsNoDurationSaysWhatADurationLooksLike()
    {
        var (code, output, error) = await RunBareAsync("run", "setup", "--env=prod", "--approval-timeout=abc");
        Assert.Equal(2, code);
        Assert.Contains("--approval-timeout must be a duration such as 24:00:00", SingleErrorLine(error));
        Assert.Empty(output);
    }

    [Fact]
    public async Task NegativeApprovalTimeoutIsRefusedBeforeAnythingStarts()
    {
        var (code, output, error) = await RunBareAsync("run", "setup", "--env=prod", "--sandbox", "--approval-timeout=-00:00:10");
        Assert.Equal(2, code);
        Assert.Contains("--approval-timeout must be longer than zero (got '-00:00:10')", SingleErrorLine(error));
        Assert.Empty(output);
    }

    [Fact]
    public async Task ApprovalTimeoutBeyondThirtyDaysIsRefused()
    {
        var (code, _, error) = await RunBareAsync("run", "setup", "--env=prod", "--sandbox", "--approval-timeout=400d");
        Assert.Equal(2, code);
        Assert.Contains("at most 30 days", SingleErrorLine(error));
    }

    [Fact]
    public async Task TimeScaleThatIsNoPositiveNumberIsRefused()
    {
        var (code, _, error) = await RunBareAsync("run", "setup", "--env=dev", "--sandbox", "--time-scale=fast");
        Assert.Equal(2, code);
        Assert.Contains("--time-scale must be a number greater than 0", SingleErrorLine(error));
    }

    [Fact]
    public async Task UnknownEnvironmentIsOneLineAndExitCodeTwo()
    {
        var (code, output, error) = await RunBareAsync("run", "setup", "--env=qa", "--sandbox");
        Assert.Equal(2, code);
        Assert.Contains("qa", SingleErrorLine(error));
        Assert.Empty(output);
    }

    [Fact]
    public async Task UnknownTemplateIsRefusedNamingTheKnownOnes()
    {
        var (code, output, error) = await RunBareAsync("run", "setup", "--env=dev", "--sandbox", "--template=nope");
        Assert.Equal(2, code);
        var line = SingleErrorLine(error);
        Assert.Contains("'nope'", line);
        Assert.Contains("java-spring", line);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("--template=backend")]
    [InlineData("--template=all")]
    public async Task ACategoryOrAllIsATemplateSelectionNotAnUnknownTemplate(string selection)
    {
        // Validation accepts the selection and stops at the next check: no credentials for a worker here.
        var (code, output, error) = await RunBareAsync("run", "coder", "--env=dev", selection);
        Assert.Equal(2, code);
        Assert.Contains("SCW_ACCESS_KEY", SingleErrorLine(error));
        Assert.Empty(output);
    }

    [Fact]
    public async Task MissingCredentialsAreNamedAndNothingStarts()
    {
        var (code, output, error) = await RunBareAsync("run", "infra", "--env=dev");
        Assert.Equal(2, code);
        Assert.Contains("SCW_ACCESS_KEY", SingleErrorLine(error));
        Assert.Empty(output);
    }

    [Fact]
    public async Task KubeconfigWithoutCredentialsIsOneLine()
    {
        var (code, output, error) = await RunBareAsync("kubeconfig", "--env=dev");
        Assert.Equal(2, code);
        Assert.Contains("SCW_ACCESS_KEY", SingleErrorLine(error));
        Assert.Empty(output);
    }

    [Fact]
    public async Task UnpricedNodeTypeIsRefusedBeforeAnyWorkflowStarts()
    {
        var root = RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\n");
        try
        {
            var spec = Path.Combine(root, "deploy", "environments", "dev.yaml");
            await File.WriteAllTextAsync(spec, (await File.ReadAllTextAsync(spec)).Replace("node_type: GP1-XS", "node_type: GP1-XXL", StringComparison.Ordinal));
            var (code, output, error) = await RunAsync(root, _ => null, "run", "setup", "--env=dev", "--sandbox");
            Assert.Equal(2, code);
            Assert.Contains("GP1-XXL", SingleErrorLine(error));
            Assert.Empty(output);
            Assert.False(File.Exists(Path.Combine(root, ".local", "temporal.db")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task CorruptStateFileIsNamedWithWhatToDo()
    {
        var root = RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\n");
        try
        {
            var state = Path.Combine(Directory.CreateDirectory(Path.Combine(root, ".local")).FullName, "temporal.db");
            await File.WriteAllTextAsync(state, new string('x', 8192));
            var port = TestSupport.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (code, _, error) = await RunAsync(root, name => name == "TEMPORAL_PORT" ? port : null, "status", "--env=dev");
            Assert.Equal(2, code);
            var line = SingleErrorLine(error);
            Assert.Contains(state, line);
            Assert.Contains("Move it aside", line);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
