using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Tests.Coder;

public sealed class OAuthPolicyTests
{
    private static readonly EnvironmentSpecLoader Loader = new(RepositoryPaths.EnvironmentsDirectory);

    [Fact]
    public void ProdWithAnEmptyOrganizationAllowListIsRefusedAsInvalidConfiguration()
    {
        var prod = Loader.Load("prod");
        var open = prod with { Coder = prod.Coder with { OAuth = prod.Coder.OAuth with { AllowedOrganizations = [] } } };

        var error = Assert.Throws<ApplicationFailureException>(() => OAuthPolicy.Resolve(open, _ => "set"));

        Assert.Equal(ErrorTypes.InvalidConfiguration, error.ErrorType);
        Assert.True(error.NonRetryable);
        Assert.Contains("allowed_orgs", error.Message);
    }

    [Fact]
    public void NoClientVariablesMeansPasswordLoginOnly()
    {
        Assert.Null(OAuthPolicy.Resolve(Loader.Load("dev"), _ => null));
    }

    [Fact]
    public void HalfAConfiguredClientIsRefusedNamingTheMissingVariable()
    {
        var dev = Loader.Load("dev");

        var error = Assert.Throws<ApplicationFailureException>(() =>
            OAuthPolicy.Resolve(dev, name => name == dev.Coder.OAuth.ClientId.EnvironmentVariable ? "id" : null));

        Assert.Contains(dev.Coder.OAuth.ClientSecret.EnvironmentVariable, error.Message);
    }
}
