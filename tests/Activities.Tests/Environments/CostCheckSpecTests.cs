using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Tests.Environments;

/// <summary>The spec's optional <c>cost_check.cron</c>: when the scheduled cost check runs.</summary>
public sealed class CostCheckSpecTests
{
    private static string DevYaml => File.ReadAllText(Path.Combine(RepositoryPaths.EnvironmentsDirectory, "dev.yaml"));

    [Fact]
    public void WithoutItTheCostCheckRunsDailyAtTheDefault()
    {
        var spec = new EnvironmentSpecLoader(RepositoryPaths.EnvironmentsDirectory).Load("dev");
        Assert.Null(spec.CostCheckCron);
        Assert.Equal("0 6 * * *", EnvironmentSpec.DefaultCostCheckCron);
    }

    [Fact]
    public void ACronIsReadAndAMalformedOneIsRejectedNamingTheField()
    {
        var spec = EnvironmentSpecLoader.Parse(DevYaml + "\ncost_check:\n  cron: \"30 7 * * 1-5\"\n", "dev.yaml");
        Assert.Equal("30 7 * * 1-5", spec.CostCheckCron);
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(DevYaml + "\ncost_check:\n  cron: \"daily\"\n", "dev.yaml"));
        Assert.Contains("cost_check.cron", error.Message);
    }
}
