using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>
/// Checks the workspace templates and the shared modules they call offline, each finding with its
/// file and line: terraform fmt, HCL syntax, the module's coder_agent wired into the workspace
/// container, the template's call of the module and its inputs, the workspace.yaml data and its
/// coder_parameters, resource defaults within every environment's limit range, the scripts
/// (bash -n, shellcheck), no credentials, a README and a catalog entry. A checker that is not
/// installed is skipped and said so.
/// </summary>
public sealed class TemplateValidator
{
    private readonly string _repositoryRoot;
    private readonly Func<string, ExternalTool?> _findTool;

    public TemplateValidator(string repositoryRoot)
        : this(repositoryRoot, ExternalTool.Find)
    {
    }

    internal TemplateValidator(string repositoryRoot, Func<string, ExternalTool?> findTool)
    {
        _repositoryRoot = repositoryRoot;
        _findTool = findTool;
    }

    private string TemplatesDirectory => Path.Combine(_repositoryRoot, "templates");

    private string ModulesDirectory => Path.Combine(TemplatesDirectory, TemplateCatalog.ModulesFolder);

    /// <summary>Checks every template, or only <paramref name="only"/> (a template name or a category); UnknownTemplate otherwise.</summary>
    public TemplateValidationReport Validate(string? only = null)
    {
        var catalog = new TemplateCatalog(TemplatesDirectory);
        var all = catalog.FindAll();
        var names = only is null ? all.Keys.ToList() : catalog.Resolve([only]);
        var findings = new List<TemplateFinding>();
        var skipped = new List<SkippedCheck>();
        var terraform = Tool("terraform", "terraform-fmt", "terraform is not installed (https://developer.hashicorp.com/terraform/install); the format check is skipped", skipped);
        var bash = Tool("bash", "startup-script", "bash is not installed; scripts are not syntax-checked", skipped);
        var shellcheck = Tool("shellcheck", "shellcheck", "shellcheck is not installed (apt-get install shellcheck); scripts get bash -n only", skipped);
        var catalogFile = LoadCatalog(findings);

        var called = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var template = new TemplateSource(name, all[name], _repositoryRoot, findings);
            var modules = ModuleBundler.LocalModules(template.Folder);
            called.UnionWith(modules);
            CheckCommon(template, terraform);
            ScriptRules.Check(template, bash, shellcheck);
            StructureRules.CheckKeepsToItsOwn(template);
            StructureRules.CheckModuleCall(template, ModulesDirectory);
            DataRules.CheckTemplate(template, DataRules.SharedParameters(modules.Select(m => Path.Combine(ModulesDirectory, m))), catalogFile?.LimitRanges ?? []);
            CheckReadme(template);
            CheckCatalogEntry(template, catalogFile);
        }

        // Every module when checking everything, otherwise the ones the checked templates call.
        var moduleFolders = Directory.Exists(ModulesDirectory)
            ? Directory.GetDirectories(ModulesDirectory).Where(folder => only is null || called.Contains(Path.GetFileName(folder))).Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var folder in moduleFolders)
        {
            var module = new TemplateSource($"{TemplateCatalog.ModulesFolder}/{Path.GetFileName(folder)}", folder, _repositoryRoot, findings);
            CheckCommon(module, terraform);
            ScriptRules.CheckModuleScripts(module, bash, shellcheck);
            DataRules.CheckModule(module);
            if (called.Contains(Path.GetFileName(folder)))
            {
                StructureRules.CheckModuleAgent(module);
            }

            CheckReadme(module);
        }

        return new TemplateValidationReport(names, findings, skipped);
    }

    private static void CheckCommon(TemplateSource source, ExternalTool? terraform)
    {
        if (!File.Exists(source.MainFile))
        {
            source.Report("hcl", source.MainFile, 1, "no main.tf");
        }

        if (terraform is not null)
        {
            TerraformFormatRule.Check(source, terraform);
        }

        CredentialScanner.Check(source);
    }

    private static void CheckReadme(TemplateSource source)
    {
        var readme = Path.Combine(source.Folder, "README.md");
        if (!File.Exists(readme) || new FileInfo(readme).Length == 0)
        {
            source.Report("readme", readme, 1, "no README.md: say what the template installs, its parameters, ports and resource defaults");
        }
    }

    private static void CheckCatalogEntry(TemplateSource template, TemplateCatalogFile? catalog)
    {
        var entry = catalog?.Find(template.Name);
        var catalogPath = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(template.Folder))!, TemplateCatalogFile.FileName);
        if (catalog is not null && entry is null)
        {
            template.Report("catalog", catalogPath, 1, $"{template.Name} is not listed in {TemplateCatalogFile.FileName} (category, display name, icon, description, tags)");
        }
        else if (entry is not null && entry.Category != TemplateCatalog.CategoryOf(template.Folder))
        {
            template.Report("catalog", catalogPath, 1, $"{template.Name} is in the folder of category {TemplateCatalog.CategoryOf(template.Folder)} but listed under {entry.Category}");
        }
    }

    private TemplateCatalogFile? LoadCatalog(List<TemplateFinding> findings)
    {
        try
        {
            return TemplateCatalogFile.Load(TemplatesDirectory);
        }
        catch (EnvironmentSpecException error)
        {
            findings.Add(new TemplateFinding("catalog", "catalog", $"templates/{TemplateCatalogFile.FileName}", 1, error.Message));
            return null;
        }
    }

    private ExternalTool? Tool(string name, string rule, string reasonWhenMissing, List<SkippedCheck> skipped)
    {
        var tool = _findTool(name);
        if (tool is null)
        {
            skipped.Add(new SkippedCheck(rule, reasonWhenMissing));
        }

        return tool;
    }
}
