using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Tests.Content;

public sealed class GitHubWorkflowTests
{
    private static readonly string[] ScalewayAndTemporalSecrets =
        ["SCW_ACCESS_KEY", "SCW_SECRET_KEY", "SCW_DEFAULT_PROJECT_ID", "SCW_DEFAULT_ORGANIZATION_ID", "TEMPORAL_ADDRESS"];

    public static TheoryData<string> WorkflowFiles() => new(GitHubWorkflow.FileNames());

    [Theory]
    [InlineData("ci.yml")]
    [InlineData("deploy-environment.yml")]
    [InlineData("deploy-infrastructure.yml")]
    [InlineData("deploy-coder.yml")]
    [InlineData("teardown-environment.yml")]
    [InlineData("validate-templates.yml")]
    public void Required_workflow_is_present(string fileName)
    {
        Assert.Contains(fileName, GitHubWorkflow.FileNames());
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Workflow_parses_with_triggers_and_jobs_whose_steps_run_or_use_something(string fileName)
    {
        var workflow = GitHubWorkflow.Load(fileName);

        Assert.NotNull(workflow.Triggers);
        Assert.NotEmpty(workflow.Jobs);
        foreach (var (name, job) in workflow.Jobs)
        {
            Assert.False(string.IsNullOrEmpty(job.Scalar("runs-on")), $"{fileName}: job {name} has no runs-on");
            var steps = GitHubWorkflow.Steps(job).ToList();
            Assert.NotEmpty(steps);
            Assert.All(steps, step => Assert.True(step.Child("run") is not null || step.Child("uses") is not null,
                $"{fileName}: a step of job {name} neither runs nor uses anything"));
        }
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Workflow_reads_secrets_only_in_jobs_protected_by_a_github_environment(string fileName)
    {
        var workflow = GitHubWorkflow.Load(fileName);

        foreach (var (name, job) in workflow.Jobs)
        {
            var usesSecrets = Serialize(job).Contains("secrets.", StringComparison.Ordinal);
            Assert.False(usesSecrets && job.Child("environment") is null,
                $"{fileName}: job {name} reads secrets without a GitHub environment");
        }
    }

    [Fact]
    public void Ci_runs_the_repository_test_script_with_dotnet_10_on_push_and_pull_request()
    {
        var workflow = GitHubWorkflow.Load("ci.yml");
        var triggers = workflow.Triggers as YamlMappingNode;

        Assert.NotNull(triggers);
        Assert.NotNull(triggers.Child("push"));
        Assert.NotNull(triggers.Child("pull_request"));
        var steps = workflow.Jobs.Values.SelectMany(GitHubWorkflow.Steps).ToList();
        var setupDotnet = Assert.Single(steps, step => (step.Scalar("uses") ?? "").StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        Assert.StartsWith("10.", setupDotnet.Mapping("with")?.Scalar("dotnet-version"));
        Assert.Contains(workflow.RunScripts(), script => script.Trim() == "bash .ci/run");
    }

    [Theory]
    [InlineData("deploy-environment.yml", "run setup")]
    [InlineData("deploy-infrastructure.yml", "run infra")]
    [InlineData("deploy-coder.yml", "run coder")]
    [InlineData("teardown-environment.yml", "run teardown")]
    public void Deployment_workflow_runs_the_starter_command_for_the_chosen_environment(string fileName, string command)
    {
        var workflow = GitHubWorkflow.Load(fileName);

        var environmentInput = workflow.DispatchInputs?.Mapping("environment");
        Assert.NotNull(environmentInput);
        Assert.Equal("choice", environmentInput.Scalar("type"));
        Assert.Equal(["dev", "staging", "prod"], environmentInput.Sequence("options").Scalars());
        Assert.Contains(workflow.RunScripts(), script =>
            script.Contains("dotnet run --project src/Starter", StringComparison.Ordinal)
            && Regex.IsMatch(script, $@"--\s+{Regex.Escape(command)} --env=\$\{{\{{ inputs\.environment \}}\}}"));
    }

    [Theory]
    [InlineData("deploy-environment.yml")]
    [InlineData("deploy-infrastructure.yml")]
    [InlineData("deploy-coder.yml")]
    [InlineData("teardown-environment.yml")]
    public void Deployment_workflow_runs_in_the_github_environment_with_the_scaleway_and_temporal_secrets(string fileName)
    {
        var workflow = GitHubWorkflow.Load(fileName);

        var deploying = workflow.Jobs.Values.Where(job => job.Child("environment") is not null).ToList();

        var job = Assert.Single(deploying);
        var environment = job.Child("environment");
        var environmentName = environment is YamlMappingNode mapping ? mapping.Scalar("name") : (environment as YamlScalarNode)?.Value;
        Assert.Equal("${{ inputs.environment }}", environmentName);
        var variables = job.Mapping("env");
        Assert.NotNull(variables);
        foreach (var secret in ScalewayAndTemporalSecrets)
        {
            Assert.Equal($"${{{{ secrets.{secret} }}}}", variables.Scalar(secret));
        }
    }

    [Fact]
    public void Deploy_environment_offers_an_auto_approve_switch_passed_to_the_starter()
    {
        var workflow = GitHubWorkflow.Load("deploy-environment.yml");

        var autoApprove = workflow.DispatchInputs?.Mapping("auto_approve");

        Assert.NotNull(autoApprove);
        Assert.Equal("boolean", autoApprove.Scalar("type"));
        Assert.Equal("false", autoApprove.Scalar("default"));
        Assert.Contains(workflow.RunScripts(), script => script.Contains("--auto-approve", StringComparison.Ordinal));
    }

    [Fact]
    public void Teardown_destroys_only_after_the_environment_name_is_confirmed()
    {
        var workflow = GitHubWorkflow.Load("teardown-environment.yml");

        var confirmation = workflow.DispatchInputs?.Mapping("confirmation");
        Assert.NotNull(confirmation);
        Assert.Equal("true", confirmation.Scalar("required"));
        var (teardownName, teardown) = Assert.Single(workflow.Jobs, pair => Serialize(pair.Value).Contains("run teardown", StringComparison.Ordinal));
        var needs = teardown.Child("needs");
        var prerequisites = needs is YamlSequenceNode sequence ? sequence.Scalars().ToList() : [((YamlScalarNode?)needs)?.Value ?? ""];
        var checks = prerequisites.Where(workflow.Jobs.ContainsKey).Select(name => workflow.Jobs[name]).ToList();
        Assert.True(checks.Count > 0, $"job {teardownName} does not wait for a confirmation check");
        Assert.Contains(checks, check => Serialize(check).Contains("inputs.confirmation", StringComparison.Ordinal)
            && Serialize(check).Contains("exit 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_templates_runs_terraform_validate_on_every_template()
    {
        var workflow = GitHubWorkflow.Load("validate-templates.yml");
        var scripts = workflow.RunScripts().ToList();

        Assert.Contains(scripts, script => script.Contains("terraform fmt -check", StringComparison.Ordinal));
        Assert.Contains(scripts, script => script.Contains("terraform init -backend=false", StringComparison.Ordinal));
        Assert.Contains(scripts, script => script.Trim() == "terraform validate");
        Assert.Contains(scripts, script => script.Contains("find templates", StringComparison.Ordinal));
    }

    private static string Serialize(YamlNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
