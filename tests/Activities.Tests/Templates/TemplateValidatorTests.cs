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

    private static string TemplateFile(string name) => $"templates/backend/{Broken}/{name}";

    private static string ModuleFile(string name) => $"templates/modules/kubernetes-workspace/{name}";
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
    public void A_template_without_a_data_file_fails_the_data_rule()
    {
        File.Delete(Path.Combine(BrokenFolder, Data));

        Assert.Equal($"templates/backend/{Broken}/{Data}", Assert.Single(Findings("data")).File);
    }

    /// <summary>One edit breaking one rule: the finding it gives, its file and, when a marker is given, the line holding the marker.</summary>
    public static TheoryData<string, string, string?, string, string, string, string, string?> BrokenCopies() => new()
    {
        { "a shared module without an agent", ModuleMain, "resource \"coder_agent\" \"main\"", "resource \"coder_script\" \"main\"", "agent", ModuleFile("main.tf"), "no resource \"coder_agent\"", null },
        { "a module container not running the agent", ModuleMain, "command           = [\"sh\", \"-c\", coder_agent.main.init_script]", "command           = [\"sleep\", \"infinity\"]", "agent", ModuleFile("main.tf"), "no workspace container runs coder_agent.main.init_script", "container {" },
        { "a module agent not running the template's script", ModuleMain, "    [var.startup_script],\n", "", "agent", ModuleFile("main.tf"), "does not run var.startup_script", null },
        { "a template declaring its own agent", "main.tf", null, "resource \"coder_agent\" \"main\" {\n  os = \"linux\"\n}\n", "agent", TemplateFile("main.tf"), "the shared module declares the workspace's agent", "coder_agent" },
        { "a default that is not an option", Data, "default: \"1.24.4\"", "default: \"1.99\"", "parameter", TemplateFile(Data), "default \"1.99\" is not one of its options", "- name: go_version" },
        { "a parameter of an unknown type", Data, "    default: \"1.24.4\"\n", "    type: text\n    default: \"1.24.4\"\n", "parameter", TemplateFile(Data), "type \"text\"", "- name: go_version" },
        { "a parameter in the template's Terraform", "main.tf", null, "data \"coder_parameter\" \"extra\" {\n  name    = \"extra\"\n  default = \"x\"\n}\n", "parameter", TemplateFile("main.tf"), $"list the stack's parameters in {Data}", "coder_parameter" },
        { "a shared parameter outside its validation", ModuleParameters, "    default: 2\n", "    default: 12\n", "parameter", ModuleFile("parameters.yaml"), "default 12 is outside its validation (1 to 8)", "- name: cpu" },
        { "an unknown field in the data file", Data, null, "ports: [3000]\n", "data", TemplateFile(Data), "unknown field ports", "ports:" },
        { "an env file missing from the folder", Data, null, "env_files:\n  SETTINGS: settings.json\n", "data", TemplateFile(Data), "SETTINGS reads settings.json, which is not in the template folder", "SETTINGS" },
        { "a credential in the startup script", "startup.sh", null, "export ANTHROPIC_API_KEY=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n", "credentials", TemplateFile("startup.sh"), "a template holds no credential", "ANTHROPIC_API_KEY" },
        { "a credential in the data file", Data, null, "env:\n  GITHUB_TOKEN: \"ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\"\n", "credentials", TemplateFile(Data), "a template holds no credential", "GITHUB_TOKEN" },
        { "a reference to a missing module", "main.tf", "./modules/kubernetes-workspace", "./modules/kubernetes-workspaces", "module", TemplateFile("main.tf"), "templates/modules/kubernetes-workspaces does not exist", "module \"workspace\"" },
        { "a module call without a required input", "main.tf", "  startup_script = file(\"${path.module}/startup.sh\")\n", "", "module", TemplateFile("main.tf"), "lacks the required input startup_script", "module \"workspace\"" },
        { "a resource default above a limit range", Data, "{ cpu: 2, memory: 4, disk_size: 20 }", "{ cpu: 2, memory: 4, disk_size: 80 }", "resources", TemplateFile(Data), "disk_size default 80 exceeds the dev limit range (at most 50)", "resources:" },
    };

    [Theory]
    [MemberData(nameof(BrokenCopies))]
    public void A_broken_copy_fails_the_rule_at_its_file_and_line(string breakage, string file, string? find, string replacement, string rule, string reportedFile, string message, string? lineMarker)
    {
        Edit(file, text => find is null ? text + "\n" + replacement : text.Replace(find, replacement, StringComparison.Ordinal));

        var finding = Assert.Single(Findings(rule));

        Assert.True(finding.File == reportedFile && finding.Message.Contains(message, StringComparison.Ordinal), $"{breakage}: {finding}");
        if (lineMarker is not null)
        {
            Assert.Equal(LineOf(file, lineMarker), finding.Line);
        }
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
