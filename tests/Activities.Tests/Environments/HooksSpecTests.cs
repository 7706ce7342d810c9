using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Setup;

namespace CoderBootstrap.Activities.Tests.Environments;

public sealed class HooksSpecTests
{
    private static string DevYaml => File.ReadAllText(Path.Combine(RepositoryPaths.EnvironmentsDirectory, "dev.yaml"));

    [Fact]
    public void TheHooksSectionSetsTheTimeoutOfEveryHook()
    {
        var spec = EnvironmentSpecLoader.Parse(DevYaml + "hooks:\n  timeout: 5m\n", "dev.yaml");

        Assert.Equal(TimeSpan.FromMinutes(5), spec.Hooks!.Timeout);
    }

    [Fact]
    public void ASpecWithoutAHooksSectionHasNoHookTimeout()
    {
        Assert.Null(EnvironmentSpecLoader.Parse(DevYaml, "dev.yaml").Hooks);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("3h")]
    [InlineData("soon")]
    public void AHookTimeoutThatIsNotADurationUpToTwoHoursIsRefusedNamingTheField(string value)
    {
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(DevYaml + $"hooks:\n  timeout: {value}\n", "dev.yaml"));

        Assert.Contains("hooks.timeout", error.Message);
        Assert.Contains(HookTimeouts.Allowed, error.Message);
    }

    [Fact]
    public void TheSpecsHookTimeoutWinsOverTheDefaultWhenTheHookHasNoTimeoutFile()
    {
        var hooks = Directory.CreateTempSubdirectory("hooks-").FullName;
        try
        {
            var (timeout, source) = HookTimeouts.Resolve(hooks, "post-setup", new HooksSpec(TimeSpan.FromSeconds(90)), TimeSpan.FromMinutes(10));

            Assert.Equal(TimeSpan.FromSeconds(90), timeout);
            Assert.Equal("spec hooks.timeout", source);
        }
        finally
        {
            Directory.Delete(hooks, recursive: true);
        }
    }

    [Theory]
    [InlineData("45s", 45)]
    [InlineData("1h30m", 5400)]
    [InlineData("2m5s", 125)]
    public void DurationsAreReadAndWrittenBackTheSameWay(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), HookTimeouts.TryParse(text));
        Assert.Equal(text, HookTimeouts.Format(TimeSpan.FromSeconds(seconds)));
    }
}
