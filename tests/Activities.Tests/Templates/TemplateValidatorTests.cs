using CoderBootstrap.Activities.Templates.Validation;
using CoderBootstrap.Activities.Tests.Content;

namespace CoderBootstrap.Activities.Tests.Templates;

/// <summary>The validation suite over the repository's templates, and each rule on a broken copy of one.</summary>
public sealed class TemplateValidatorTests : IDisposable
{
    private const string Broken = "go-fiber";
    private const string Data = "workspace.yaml";
    private const string ModuleMain = "../../modules/kubernetes-workspace/main.tf";
    private const string ModuleParameters = "../../modules/kubernetes-workspace/parameters.yaml";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "template-validator-" + Guid.NewGuid().ToString("N"));

    public TemplateValidatorTests() => CopyDirectory(RepositoryLayout.PathOf("templates"), Path.Combine(_root, "templates"));

    private string BrokenFolder => Path.Combine(_root, "templates", "backend", Broken);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_template_of_the_repository_passes()
    {
        var report = new TemplateValidator(RepositoryLayout.Root).Validate();

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Findings));
        Assert.Equal(21, report.Templates.Count);
    }

    [Fact]
    public void A_shared_module_without_an_agent_fails_the_agent_rule()
    {
        Edit(ModuleMain, text => text.Replace("resource \"coder_agent\" \"main\"", "resource \"coder_script\" \"main\"", StringComparison.Ordinal));

        var finding = Assert.Single(Findings("agent"));

        Assert.Equal("templates/modules/kubernetes-workspace/main.tf", finding.File);
        Assert.Contains("no resource \"coder_agent\"", finding.Message);
    }

    [Fact]
    public void A_module_container_not_running_the_agents_init_script_fails_the_agent_rule_at_its_line()
    {
        Edit(ModuleMain, text => text.Replace("command           = [\"sh\", \"-c\", coder_agent.main.init_script]", "command           = [\"sleep\", \"infinity\"]", StringComparison.Ordinal));

        var finding = Assert.Single(Findings("agent"));

        Assert.Contains("no workspace container runs coder_agent.main.init_script", finding.Message);
        Assert.Equal(LineOf(ModuleMain, "container {"), finding.Line);
    }

    [Fact]
    public void A_module_agent_not_running_the_templates_startup_script_fails_the_agent_rule()
    {
        Edit(ModuleMain, text => text.Replace("    [var.startup_script],\n", "", StringComparison.Ordinal));

        Assert.Contains("does not run var.startup_script", Assert.Single(Findings("agent")).Message);
    }

    [Fact]
    public void A_template_declaring_its_own_agent_fails_the_agent_rule()
    {
        Edit("main.tf", text => text + "\nresource \"coder_agent\" \"main\" {\n  os = \"linux\"\n}\n");

        var finding = Assert.Single(Findings("agent"));

        Assert.Equal($"templates/backend/{Broken}/main.tf", finding.File);
        Assert.Contains("the shared module declares the workspace's agent", finding.Message);
    }

    [Fact]
    public void A_parameter_whose_default_is_not_an_option_fails_the_parameter_rule_at_its_line_in_the_data_file()
    {
        Edit(Data, text => text.Replace("default: \"1.24.4\"", "default: \"1.99\"", StringComparison.Ordinal));

        var finding = Assert.Single(Findings("parameter"));

        Assert.Equal($"templates/backend/{Broken}/{Data}", finding.File);
        Assert.Contains("default \"1.99\" is not one of its options", finding.Message);
        Assert.Equal(LineOf(Data, "- name: go_version"), finding.Line);
    }

    [Fact]
    public void A_parameter_of_an_unknown_type_fails_the_parameter_rule()
    {
        Edit(Data, text => text.Replace("    default: \"1.24.4\"\n", "    type: text\n    default: \"1.24.4\"\n", StringComparison.Ordinal));

        Assert.Contains("type \"text\"", Assert.Single(Findings("parameter")).Message);
    }

    [Fact]
    public void A_parameter_declared_in_the_template_terraform_fails_the_parameter_rule()
    {
        Edit("main.tf", text => text + "\ndata \"coder_parameter\" \"extra\" {\n  name    = \"extra\"\n  default = \"x\"\n}\n");

        Assert.Contains($"list the stack's parameters in {Data}", Assert.Single(Findings("parameter")).Message);
    }

    [Fact]
    public void A_shared_parameter_with_a_default_outside_its_validation_fails_the_parameter_rule_in_the_module()
    {
        Edit(ModuleParameters, text => text.Replace("    default: 2\n", "    default: 12\n", StringComparison.Ordinal));

        var finding = Assert.Single(Findings("parameter"));

        Assert.Equal("templates/modules/kubernetes-workspace/parameters.yaml", finding.File);
        Assert.Contains("default 12 is outside its validation (1 to 8)", finding.Message);
    }

    [Fact]
    public void An_unknown_field_of_the_data_file_fails_the_data_rule_at_its_line()
    {
        Edit(Data, text => text + "ports: [3000]\n");

        var finding = Assert.Single(Findings("data"));

        Assert.Contains("unknown field ports", finding.Message);
        Assert.Equal(LineOf(Data, "ports:"), finding.Line);
    }

    [Fact]
    public void An_env_file_missing_from_the_template_folder_fails_the_data_rule()
    {
        Edit(Data, text => text + "env_files:\n  SETTINGS: settings.json\n");

        Assert.Contains("SETTINGS reads settings.json, which is not in the template folder", Assert.Single(Findings("data")).Message);
    }

    [Fact]
    public void A_template_without_a_data_file_fails_the_data_rule()
    {
        File.Delete(Path.Combine(BrokenFolder, Data));

        Assert.Equal($"templates/backend/{Broken}/{Data}", Assert.Single(Findings("data")).File);
    }

    [Fact]
    public void A_startup_script_with_a_syntax_error_fails_with_its_line()
    {
        Edit("startup.sh", text => text + "if [ -d /tmp ]; then\n  echo unterminated\n");

        var finding = Assert.Single(Findings("startup-script"));

        Assert.Equal($"templates/backend/{Broken}/startup.sh", finding.File);
        Assert.Contains("bash -n", finding.Message);
        Assert.True(finding.Line > 1);
    }

    [Fact]
    public void A_credential_in_any_file_fails_the_credentials_rule_at_its_line()
    {
        Edit("startup.sh", text => text + "export ANTHROPIC_API_KEY=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n");

        var finding = Assert.Single(Findings("credentials"));

        Assert.Equal($"templates/backend/{Broken}/startup.sh", finding.File);
        Assert.Equal(LineOf("startup.sh", "ANTHROPIC_API_KEY"), finding.Line);
    }

    [Fact]
    public void A_credential_in_the_data_file_fails_the_credentials_rule_at_its_line()
    {
        Edit(Data, text => text + "env:\n  GITHUB_TOKEN: \"ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\"\n");

        var finding = Assert.Single(Findings("credentials"));

        Assert.Equal($"templates/backend/{Broken}/{Data}", finding.File);
        Assert.Equal(LineOf(Data, "GITHUB_TOKEN"), finding.Line);
    }

    [Fact]
    public void A_value_taken_from_the_environment_is_not_a_credential()
    {
        Edit("startup.sh", text => text + "export GITHUB_TOKEN=\"$GITHUB_TOKEN\"\n");

        Assert.Empty(Findings("credentials"));
    }

    [Fact]
    public void A_missing_readme_fails_the_readme_rule()
    {
        File.Delete(Path.Combine(BrokenFolder, "README.md"));

        Assert.Equal($"templates/backend/{Broken}/README.md", Assert.Single(Findings("readme")).File);
    }

    [Fact]
    public void A_module_reference_to_a_missing_module_fails_the_module_rule()
    {
        Edit("main.tf", text => text.Replace("./modules/kubernetes-workspace", "./modules/kubernetes-workspaces", StringComparison.Ordinal));

        Assert.Contains("templates/modules/kubernetes-workspaces does not exist", Assert.Single(Findings("module")).Message);
    }

    [Fact]
    public void A_module_call_without_a_required_input_fails_the_module_rule()
    {
        Edit("main.tf", text => text.Replace("  startup_script = file(\"${path.module}/startup.sh\")\n", "", StringComparison.Ordinal));

        Assert.Contains("lacks the required input startup_script", Assert.Single(Findings("module")).Message);
    }

    [Fact]
    public void A_resource_default_above_an_environment_limit_range_fails_the_resources_rule()
    {
        Edit(Data, text => text.Replace("{ cpu: 2, memory: 4, disk_size: 20 }", "{ cpu: 2, memory: 4, disk_size: 80 }", StringComparison.Ordinal));

        var finding = Assert.Single(Findings("resources"));

        Assert.Equal($"templates/backend/{Broken}/{Data}", finding.File);
        Assert.Contains("disk_size default 80 exceeds the dev limit range (at most 50)", finding.Message);
    }

    [TerraformFact]
    public void A_misformatted_file_fails_terraform_fmt_at_its_line()
    {
        Edit("main.tf", text => text.Replace("  template_name  = ", "  template_name = ", StringComparison.Ordinal));

        var finding = Assert.Single(Findings("terraform-fmt"));

        Assert.Equal($"templates/backend/{Broken}/main.tf", finding.File);
        Assert.Equal(LineOf("main.tf", "template_name = "), finding.Line);
    }

    [Fact]
    public void Without_terraform_the_format_check_is_skipped_with_the_reason()
    {
        Edit("main.tf", text => text.Replace("  template_name  = ", "  template_name = ", StringComparison.Ordinal));

        var report = new TemplateValidator(_root, name => name == "terraform" ? null : ExternalTool.Find(name)).Validate(Broken);

        Assert.DoesNotContain(report.Findings, f => f.Rule == "terraform-fmt");
        Assert.Contains(report.Skipped, skip => skip.Rule == "terraform-fmt" && skip.Reason.Contains("terraform is not installed", StringComparison.Ordinal));
    }

    [ShellcheckFact]
    public void A_shellcheck_warning_in_a_startup_script_fails_with_its_line()
    {
        Edit("startup.sh", text => text + "for f in $(ls ./*.txt); do echo \"$f\"; done\n");

        var finding = Assert.Single(Findings("startup-script"));

        Assert.Equal($"templates/backend/{Broken}/startup.sh", finding.File);
        Assert.Equal(LineOf("startup.sh", "for f in $(ls"), finding.Line);
        Assert.Contains("shellcheck: ", finding.Message);
        Assert.Contains("SC2045", finding.Message);
    }

    [Fact]
    public void A_missing_checker_is_reported_as_skipped_with_the_reason()
    {
        var report = new TemplateValidator(_root, name => name == "shellcheck" ? null : ExternalTool.Find(name)).Validate(Broken);

        Assert.Contains(report.Skipped, skip => skip.Rule == "shellcheck" && skip.Reason.Contains("apt-get install shellcheck", StringComparison.Ordinal));
    }

    [Fact]
    public void A_template_missing_from_the_catalog_fails_the_catalog_rule()
    {
        var catalog = Path.Combine(_root, "templates", "catalog.yaml");
        File.WriteAllText(catalog, File.ReadAllText(catalog).Replace("  - name: go-fiber\n", "  - name: go-fiber-renamed\n", StringComparison.Ordinal));

        Assert.Contains("go-fiber is not listed", Assert.Single(Findings("catalog")).Message);
    }

    [Fact]
    public void Validating_one_template_checks_only_that_one()
    {
        Edit("startup.sh", text => text + "fi\n");

        var report = new TemplateValidator(_root).Validate("angular");

        Assert.True(report.Passed);
        Assert.Equal(["angular"], report.Templates);
    }

    private IEnumerable<TemplateFinding> Findings(string rule) =>
        new TemplateValidator(_root).Validate(Broken).Findings.Where(f => f.Rule == rule);

    private void Edit(string file, Func<string, string> change)
    {
        var path = Path.Combine(BrokenFolder, file);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }

    private int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(BrokenFolder, file)), line => line.Contains(text, StringComparison.Ordinal)) + 1;

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
