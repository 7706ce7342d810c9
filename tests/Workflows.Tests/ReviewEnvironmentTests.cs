using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Deriving a review environment's spec from a base spec, and the rules of its name and TTL.</summary>
public sealed class ReviewEnvironmentTests
{
    private static readonly string[] Bases = ["dev", "prod", "staging"];

    private static string Root => Activities.Runtime.CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

    private static string BaseText(string name) => File.ReadAllText(Path.Combine(Root, "deploy", "environments", name + ".yaml"));

    [Fact]
    public void ADerivedSpecNamesItsResourcesTagsAndBucketsAfterTheReviewName()
    {
        var spec = EnvironmentSpecLoader.Parse(ReviewEnvironment.Derive(BaseText("dev"), "dev", "pr-42", TimeSpan.FromHours(48)), "pr-42.yaml");
        Assert.Equal("pr-42", spec.Name);
        Assert.Equal("coder-pr-42-pn", spec.Network.PrivateNetworkName);
        Assert.Equal("coder-pr-42", spec.Kubernetes.ClusterName);
        Assert.Equal("coder-pr-42-db", spec.Database.InstanceName);
        Assert.Equal("https://coder-pr-42.example.com", spec.Coder.AccessUrl);
        Assert.Equal("terraform-state-coder-pr-42", spec.StateBucketName);
        Assert.Contains("env=pr-42", spec.ResourceTags);
        Assert.Equal("GP1-XS", spec.Kubernetes.NodePool.NodeType);
    }

    [Fact]
    public void ADerivedSpecKeepsSecretReferencesAndHoldsNoSecretValue()
    {
        var text = ReviewEnvironment.Derive(BaseText("dev"), "dev", "pr-42", TimeSpan.FromHours(48));
        var spec = EnvironmentSpecLoader.Parse(text, "pr-42.yaml");
        Assert.Equal("CODER_DEV_GITHUB_CLIENT_SECRET", spec.Coder.OAuth.ClientSecret.EnvironmentVariable);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Dev-Review")]
    [InlineData("1pr")]
    [InlineData("pr-")]
    [InlineData("pr--1")]
    [InlineData("pr_1")]
    [InlineData("../etc")]
    [InlineData("a-name-that-is-far-too-long-for-a-bucket")]
    public void AMalformedOrTooLongNameIsRefused(string name) =>
        Assert.Contains("invalid review environment name", ReviewEnvironment.RefuseName(name, Bases), StringComparison.Ordinal);

    [Fact]
    public void ABaseEnvironmentNameIsRefused() =>
        Assert.Contains("is a base environment", ReviewEnvironment.RefuseName("staging", Bases), StringComparison.Ordinal);

    [Fact]
    public void TheLongestNameKeepsTheStateBucketWithinSixtyThreeCharacters()
    {
        var name = "p" + new string('r', ReviewEnvironment.MaxNameLength - 1);
        Assert.Null(ReviewEnvironment.RefuseName(name, Bases));
        var spec = EnvironmentSpecLoader.Parse(ReviewEnvironment.Derive(BaseText("staging"), "staging", name, TimeSpan.FromDays(2)), name + ".yaml");
        Assert.True(spec.StateBucketName.Length <= 63);
        Assert.True(("coder-backups-" + name).Length <= 63);
    }

    [Theory]
    [InlineData("48h", 48 * 60)]
    [InlineData("2d", 2 * 24 * 60)]
    [InlineData("90m", 90)]
    public void ATtlIsAWholeNumberOfAUnit(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), ReviewEnvironment.ParseDuration(text));

    [Theory]
    [InlineData("0h")]
    [InlineData("-1h")]
    [InlineData("48")]
    [InlineData("1.5h")]
    [InlineData("1w")]
    public void AMalformedTtlIsRefused(string text) => Assert.Null(ReviewEnvironment.ParseDuration(text));
}
