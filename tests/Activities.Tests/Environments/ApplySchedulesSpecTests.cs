using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Tests.Environments;

/// <summary>The spec's optional <c>schedules.apply_on_setup</c>: whether a completed setup applies the environment's schedules itself.</summary>
public sealed class ApplySchedulesSpecTests
{
    private static string DevYaml => File.ReadAllText(Path.Combine(RepositoryPaths.EnvironmentsDirectory, "dev.yaml"));

    [Fact]
    public void DevLeavesItOffAndStagingAndProdTurnItOn()
    {
        var loader = new EnvironmentSpecLoader(RepositoryPaths.EnvironmentsDirectory);
        Assert.False(loader.Load("dev").ApplySchedulesOnSetup);
        Assert.True(loader.Load("staging").ApplySchedulesOnSetup);
        Assert.True(loader.Load("prod").ApplySchedulesOnSetup);
    }

    [Fact]
    public void AValueThatIsNotABooleanIsRejectedNamingTheField()
    {
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(DevYaml + "\nschedules:\n  apply_on_setup: sometimes\n", "dev.yaml"));
        Assert.Contains("schedules.apply_on_setup", error.Message);
    }
}
