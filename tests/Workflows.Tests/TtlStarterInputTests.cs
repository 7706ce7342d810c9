using CoderBootstrap.Starter;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Bad input to the review-environment commands: one line, exit 2, nothing written or started.</summary>
public sealed class TtlStarterInputTests
{
    private static string Root => Activities.Runtime.CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

    private static async Task<(int Code, string Error)> StarterAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StarterCommands.RunAsync(args, new StarterContext { RepositoryRoot = Root, Out = output, Error = error, Environment = _ => null });
        return (code, error.ToString());
    }

    private static void AssertOneLineExitTwo((int Code, string Error) result, string expected)
    {
        Assert.Equal(2, result.Code);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Review_1")]
    [InlineData("pr--1")]
    [InlineData("a-name-that-is-far-too-long-for-a-bucket")]
    public async Task AMalformedReviewNameIsRefusedWithExitTwoAndNoSpecWritten(string name)
    {
        AssertOneLineExitTwo(await StarterAsync("run", "setup", $"--env={name}", "--from=dev", "--ttl=48h", "--sandbox"), "invalid review environment name");
        Assert.False(File.Exists(Path.Combine(Root, "deploy", "environments", "review", name + ".yaml")));
    }

    [Fact]
    public async Task ABaseEnvironmentNameIsRefusedAsAReviewName() =>
        AssertOneLineExitTwo(await StarterAsync("run", "setup", "--env=staging", "--from=dev", "--ttl=48h", "--sandbox"), "is a base environment");

    [Fact]
    public async Task AnUnknownBaseIsRefused() =>
        AssertOneLineExitTwo(await StarterAsync("run", "setup", "--env=pr-7", "--from=qa", "--ttl=48h", "--sandbox"), "unknown base environment 'qa'");

    [Fact]
    public async Task AMalformedTtlIsRefused() =>
        AssertOneLineExitTwo(await StarterAsync("run", "setup", "--env=pr-7", "--from=dev", "--ttl=soon", "--sandbox"), "invalid --ttl 'soon'");

    [Fact]
    public async Task FromWithoutTtlIsRefused() =>
        AssertOneLineExitTwo(await StarterAsync("run", "setup", "--env=pr-7", "--from=dev", "--sandbox"), "--from and --ttl go together");

    [Fact]
    public async Task TtlOfABaseEnvironmentIsRefused() =>
        AssertOneLineExitTwo(await StarterAsync("ttl", "--env=dev", "--extend=24h"), "dev is not a review environment");

    [Fact]
    public async Task TtlOfAnUnknownEnvironmentIsRefused() =>
        AssertOneLineExitTwo(await StarterAsync("ttl", "--env=pr-nowhere", "--cancel"), "unknown environment 'pr-nowhere'");
}
