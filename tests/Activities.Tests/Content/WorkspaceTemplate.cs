using System.Text.RegularExpressions;
using CoderBootstrap.Activities.Templates.Hcl;
using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Tests.Content;

/// <summary>A Coder workspace template folder, <c>templates/&lt;category&gt;/&lt;name&gt;</c>, with its parsed main.tf and workspace.yaml.</summary>
internal sealed partial class WorkspaceTemplate
{
    private WorkspaceTemplate(string relativeDirectory, HclBody body)
    {
        RelativeDirectory = relativeDirectory;
        Body = body;
    }

    public string RelativeDirectory { get; }

    public HclBody Body { get; }

    public string Directory => RepositoryLayout.PathOf(RelativeDirectory.Split('/'));

    /// <summary>Every folder two levels under <c>templates/</c> (templates/modules aside), whether or not it holds a main.tf.</summary>
    public static IEnumerable<string> RelativeDirectories()
    {
        var templatesRoot = RepositoryLayout.PathOf("templates");
        if (!System.IO.Directory.Exists(templatesRoot))
        {
            return [];
        }

        return System.IO.Directory.GetDirectories(templatesRoot)
            .Where(category => Path.GetFileName(category) != "modules")
            .SelectMany(System.IO.Directory.GetDirectories)
            .Select(RepositoryLayout.RelativePath)
            .Order(StringComparer.Ordinal);
    }

    public static WorkspaceTemplate Load(string relativeDirectory)
    {
        var path = RepositoryLayout.PathOf([.. relativeDirectory.Split('/'), "main.tf"]);
        return new WorkspaceTemplate(relativeDirectory, HclParser.Parse(File.ReadAllText(path)));
    }

    public IEnumerable<HclBlock> Resources(string type) => Body.BlocksOf("resource", type);

    /// <summary>The template's workspace.yaml, what the shared module builds its workspaces from.</summary>
    public YamlMappingNode Data() => YamlFile.LoadMappings(Path.Combine(Directory, "workspace.yaml")).Single();

    /// <summary>Names of the stack's parameters in workspace.yaml.</summary>
    public IEnumerable<string> ParameterNames() => Data().Sequence("parameters").Mappings().Select(parameter => parameter.Scalar("name") ?? "");

    /// <summary>
    /// Whether an expression depends on a data source or value, directly or through the locals it
    /// references (locals may reference other locals).
    /// </summary>
    public bool DependsOn(string expression, string reference)
    {
        var locals = Body.BlocksOf("locals").SelectMany(block => block.Body.Attributes)
            .ToDictionary(attribute => attribute.Name, attribute => attribute.Expression);
        var seen = new HashSet<string>();
        var pending = new Stack<string>([expression]);
        while (pending.TryPop(out var current))
        {
            if (current.Contains(reference, StringComparison.Ordinal))
            {
                return true;
            }

            foreach (Match match in LocalReference().Matches(current))
            {
                var name = match.Groups["name"].Value;
                if (seen.Add(name) && locals.TryGetValue(name, out var localExpression))
                {
                    pending.Push(localExpression);
                }
            }
        }

        return false;
    }

    /// <summary>The workspace pod spec: resource "kubernetes_deployment" / spec / template / spec.</summary>
    public HclBody? PodSpec() =>
        Resources("kubernetes_deployment").FirstOrDefault()?.Body
            .SingleBlock("spec")?.Body
            .SingleBlock("template")?.Body
            .SingleBlock("spec")?.Body;

    public override string ToString() => RelativeDirectory;

    [GeneratedRegex(@"\blocal\.(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex LocalReference();
}
