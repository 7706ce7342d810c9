using System.Globalization;
using System.Text;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Templates.Hcl;

namespace CoderBootstrap.Activities.Templates;

/// <summary>
/// The shared modules a template calls, as files to add to its archive: every
/// <c>module { source = "./modules/&lt;name&gt;" }</c> of the template's root files gets
/// templates/modules/&lt;name&gt;/ under <c>modules/&lt;name&gt;/</c>, with its <c>environment.tf</c>
/// written for the environment the archive is pushed to. A reference to a module the repository
/// does not have adds nothing: the import then fails as <c>terraform init</c> would.
/// </summary>
public static class ModuleBundler
{
    public const string LocalModulePrefix = "./modules/";

    public const string EnvironmentFile = "environment.tf";

    /// <summary>Archive path to content of the module files, for the template in <paramref name="templateFolder"/>.</summary>
    public static IReadOnlyDictionary<string, byte[]> FilesFor(string templateFolder, string templatesDirectory, EnvironmentSpec environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in LocalModules(templateFolder))
        {
            var moduleFolder = Path.Combine(templatesDirectory, TemplateCatalog.ModulesFolder, name);
            if (!Directory.Exists(moduleFolder))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(moduleFolder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(moduleFolder, file).Replace(Path.DirectorySeparatorChar, '/');
                if (!relative.Split('/').Any(part => part.StartsWith('.')))
                {
                    files[$"modules/{name}/{relative}"] = File.ReadAllBytes(file);
                }
            }

            files[$"modules/{name}/{EnvironmentFile}"] = Encoding.UTF8.GetBytes(EnvironmentValues(environment));
        }

        return files;
    }

    /// <summary>Names of the local shared modules (<c>./modules/&lt;name&gt;</c>) the template's root .tf files call.</summary>
    public static IReadOnlyList<string> LocalModules(string templateFolder) =>
        Directory.GetFiles(templateFolder, "*.tf")
            .SelectMany(file => ModuleBlocks(File.ReadAllText(file)))
            .Select(block => block.Body.StringValue("source"))
            .OfType<string>()
            .Where(source => source.StartsWith(LocalModulePrefix, StringComparison.Ordinal))
            .Select(source => source[LocalModulePrefix.Length..].TrimEnd('/'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    // A file that does not parse calls no module here; Coder's import reports its syntax error.
    private static IEnumerable<HclBlock> ModuleBlocks(string terraform)
    {
        try
        {
            return HclParser.Parse(terraform).BlocksOf("module").ToList();
        }
        catch (HclSyntaxException)
        {
            return [];
        }
    }

    /// <summary>The module's environment.tf for an environment: the same shape as the repository's default.</summary>
    public static string EnvironmentValues(EnvironmentSpec environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var podSecurity = environment.Security.PodSecurityStandard.ToString().ToLowerInvariant();
        var subdomainApps = string.IsNullOrEmpty(environment.Coder.WildcardAccessUrl) ? "false" : "true";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            # Written by coder-bootstrap for the environment {{environment.Name}} (deploy/environments/{{environment.Name}}.yaml).
            locals {
              environment = {
                name                  = "{{environment.Name}}"
                namespace             = "{{environment.Coder.Namespace}}"
                pod_security_standard = "{{podSecurity}}"
                subdomain_apps        = {{subdomainApps}}
                storage_class         = ""
                use_kubeconfig        = false
              }
            }

            """).ReplaceLineEndings("\n");
    }
}
