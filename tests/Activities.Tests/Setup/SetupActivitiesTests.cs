using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;
using CoderBootstrap.Activities.Tests.Coder;
using k8s;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Setup;

[Collection(SandboxPhase1Collection.Name)]
public sealed class SetupActivitiesTests
{
    private readonly SandboxPhase1Fixture _fixture;
    private readonly PhaseTwoActivities _activities;

    public SetupActivitiesTests(SandboxPhase1Fixture fixture)
    {
        _fixture = fixture;
        _activities = new PhaseTwoActivities(fixture.Services);
    }

    [Fact]
    public async Task CheckPrerequisitesPassesWithValidSpecCredentialsAndContent()
    {
        var report = await new ActivityEnvironment().RunAsync(() => _activities.CheckPrerequisitesAsync("dev"));

        Assert.All(report.Checks, check => Assert.True(check.Passed));
        Assert.Equal(["environment spec", "credentials", "scaleway api", "manifests", "templates"], report.Checks.Select(c => c.Name));
    }

    [Fact]
    public async Task CheckPrerequisitesWithoutCredentialsFailsNamingTheMissingVariables()
    {
        var variables = new Dictionary<string, string?>(_fixture.Variables) { ["SCW_ACCESS_KEY"] = null, ["SCW_SECRET_KEY"] = "" };
        using var services = _fixture.CreateServices(variables);

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityEnvironment().RunAsync(() => new PhaseTwoActivities(services).CheckPrerequisitesAsync("dev")));

        Assert.Equal(ErrorTypes.MissingCredentials, error.ErrorType);
        Assert.True(error.NonRetryable);
        Assert.Contains("SCW_ACCESS_KEY", error.Message);
        Assert.Contains("SCW_SECRET_KEY", error.Message);
    }

    [Fact]
    public async Task CheckPrerequisitesWithAWrongSecretKeyFailsAuthentication()
    {
        var variables = new Dictionary<string, string?>(_fixture.Variables) { ["SCW_SECRET_KEY"] = Guid.NewGuid().ToString() };
        using var services = _fixture.CreateServices(variables);

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityEnvironment().RunAsync(() => new PhaseTwoActivities(services).CheckPrerequisitesAsync("dev")));

        Assert.Equal(ErrorTypes.AuthenticationFailed, error.ErrorType);
        Assert.True(error.NonRetryable);
    }

    [Fact]
    public async Task CheckPrerequisitesOfAnUnknownEnvironmentFailsListingTheKnownOnes()
    {
        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityEnvironment().RunAsync(() => _activities.CheckPrerequisitesAsync("nowhere")));

        Assert.Equal(ErrorTypes.UnknownEnvironment, error.ErrorType);
        Assert.Contains("dev, lab, prod, qa, staging", error.Message);
    }

    [Fact]
    public async Task CheckPrerequisitesWithAMissingManifestFailsNamingIt()
    {
        var path = Path.Combine(_fixture.RepositoryRoot, "deploy", "coder", "role.yaml");
        File.Move(path, path + ".away");
        try
        {
            var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
                new ActivityEnvironment().RunAsync(() => _activities.CheckPrerequisitesAsync("dev")));

            Assert.Equal(ErrorTypes.InvalidConfiguration, error.ErrorType);
            Assert.Contains("role.yaml", error.Message);
        }
        finally
        {
            File.Move(path + ".away", path);
        }
    }

    [Fact]
    public async Task ResolveTemplatesReturnsTheEnvironmentsList()
    {
        var templates = await new ActivityEnvironment().RunAsync(() => _activities.ResolveTemplatesAsync("dev", null));

        Assert.Equal(["python-django-crewai", "react-typescript"], templates);
    }

    [Fact]
    public async Task ResolveTemplatesReturnsOnlyTheTemplateAskedFor()
    {
        var templates = await new ActivityEnvironment().RunAsync(() => _activities.ResolveTemplatesAsync("dev", "terraform-kubernetes"));

        Assert.Equal(["terraform-kubernetes"], templates);
    }

    [Fact]
    public async Task ResolveTemplatesOfACategoryReturnsItsTemplates()
    {
        var templates = await new ActivityEnvironment().RunAsync(() => _activities.ResolveTemplatesAsync("dev", "data-ml"));

        Assert.Equal(["jupyter-python", "r-studio"], templates);
    }

    [Fact]
    public async Task ResolveTemplatesOfAnUnknownTemplateFailsListingTheKnownOnes()
    {
        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityEnvironment().RunAsync(() => _activities.ResolveTemplatesAsync("dev", "cobol-mainframe")));

        Assert.Equal(ErrorTypes.UnknownTemplate, error.ErrorType);
        Assert.True(error.NonRetryable);
        Assert.Contains("'cobol-mainframe'", error.Message);
        Assert.Contains("go-fiber, ionic, java-spring, jupyter-python", error.Message);
    }

    [Fact]
    public async Task RunHealthChecksAfterTheDeploymentPassesEveryCheck()
    {
        var endpoint = await _fixture.DeployCoderAsync("dev");
        var coder = new PhaseTwoActivities(_fixture.Services);
        var pushed = new List<TemplatePushed>();
        foreach (var template in new[] { "python-django-crewai", "react-typescript" })
        {
            pushed.Add(await new ActivityEnvironment().RunAsync(() => coder.PushTemplateAsync(("dev", endpoint.Url, template))));
        }

        await new ActivityEnvironment().RunAsync(() => coder.RecordCoderStateAsync("dev", endpoint, pushed));

        var report = await new ActivityEnvironment().RunAsync(() => _activities.RunHealthChecksAsync("dev"));

        Assert.True(report.AllPassed, string.Join("; ", report.Checks.Select(c => $"{c.Name}: {c.Passed} {c.Detail}")));
        Assert.Equal(["nodes ready", "default storage class", "coder healthz", "coder buildinfo", "database reachable", "templates present"], report.Checks.Select(c => c.Name));
        Assert.Contains("logged in", report.Checks.Single(c => c.Name == "database reachable").Detail);
    }

    [Fact]
    public async Task RunHealthChecksWithoutCoderReportsItsChecksAsFailedWithoutThrowing()
    {
        using var client = await KubernetesTestClient.ConnectAsync(_fixture, "staging");
        if ((await client.CoreV1.ListNamespacedServiceAsync("coder")).Items.Any(s => s.Metadata.Name == "coder"))
        {
            await client.CoreV1.DeleteNamespacedServiceAsync("coder", "coder");
        }

        var report = await new ActivityEnvironment().RunAsync(() => _activities.RunHealthChecksAsync("staging"));

        Assert.False(report.AllPassed);
        Assert.True(report.Checks.Single(c => c.Name == "nodes ready").Passed);
        Assert.False(report.Checks.Single(c => c.Name == "coder healthz").Passed);
    }

    [Fact]
    public async Task RunHealthChecksWithoutPhase1StateFailsMissingInfraState()
    {
        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityEnvironment().RunAsync(() => _activities.RunHealthChecksAsync("qa")));

        Assert.Equal(ErrorTypes.MissingInfraState, error.ErrorType);
    }
}
