using System.Text.RegularExpressions;
using CoderBootstrap.Activities.Templates.Hcl;

namespace CoderBootstrap.Activities.Tests.Content;

/// <summary>A Coder workspace template folder, <c>templates/&lt;category&gt;/&lt;name&gt;</c>, with its parsed main.tf.</summary>
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

    public IEnumerable<HclBlock> Parameters() => Body.BlocksOf("data", "coder_parameter");

    /// <summary>The coder_parameter whose <c>name</c> contains the word, e.g. cpu, memory, disk.</summary>
    public HclBlock? ParameterNamed(string word) =>
        Parameters().FirstOrDefault(parameter =>
            (parameter.Body.StringValue("name") ?? "").Contains(word, StringComparison.OrdinalIgnoreCase));

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
