using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// The workspace templates of the repository: <c>templates/&lt;category&gt;/&lt;name&gt;/main.tf</c>
/// (<c>templates/modules</c> holds the shared modules, not templates). A template is known by its
/// folder name, which is also its name in Coder; its category is the folder above.
/// </summary>
public sealed class TemplateCatalog
{
    /// <summary>The selection that means every template of the repository.</summary>
    public const string All = "all";

    public const string ModulesFolder = "modules";

    private readonly string _templatesDirectory;

    public TemplateCatalog(string templatesDirectory) => _templatesDirectory = templatesDirectory;

    /// <summary>The templates/ folder, which also holds the shared modules (<see cref="ModulesFolder"/>).</summary>
    public string TemplatesDirectory => _templatesDirectory;

    /// <summary>Name to folder of every template present, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> FindAll()
    {
        var templates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(_templatesDirectory))
        {
            return templates;
        }

        foreach (var category in Directory.GetDirectories(_templatesDirectory).Where(c => Path.GetFileName(c) != ModulesFolder))
        {
            foreach (var folder in Directory.GetDirectories(category))
            {
                if (File.Exists(Path.Combine(folder, "main.tf")))
                {
                    templates.TryAdd(Path.GetFileName(folder), folder);
                }
            }
        }

        return templates;
    }

    /// <summary>The folder of <paramref name="name"/>; UnknownTemplate listing the known ones when absent.</summary>
    public string Locate(string name)
    {
        var all = FindAll();
        return all.TryGetValue(name, out var folder) ? folder : throw Unknown([name], all.Keys);
    }

    /// <summary>
    /// The template names a selection stands for, in order and without repeats: each item is a template
    /// name, a category (every template in templates/&lt;category&gt;/) or <see cref="All"/>.
    /// UnknownTemplate when an item is none of these.
    /// </summary>
    public IReadOnlyList<string> Resolve(IEnumerable<string> selection)
    {
        var all = FindAll();
        var resolved = new List<string>();
        var unknown = new List<string>();
        foreach (var item in selection)
        {
            var members = item == All
                ? all.Keys.ToList()
                : all.ContainsKey(item) ? [item] : all.Where(t => CategoryOf(t.Value) == item).Select(t => t.Key).ToList();
            if (members.Count == 0)
            {
                unknown.Add(item);
            }

            resolved.AddRange(members.Where(name => !resolved.Contains(name)));
        }

        return unknown.Count > 0 ? throw Unknown(unknown, all.Keys) : resolved;
    }

    /// <summary>The category of a template folder: the name of the folder above it.</summary>
    public static string CategoryOf(string templateFolder) => Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(templateFolder)))!;

    public static Temporalio.Exceptions.ApplicationFailureException Unknown(IReadOnlyCollection<string> unknown, IEnumerable<string> known)
    {
        var knownList = string.Join(", ", known);
        return ActivityFailure.Permanent(FailureKind.UnknownTemplate,
            $"unknown template{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(u => "'" + u + "'"))}; known templates: {(knownList.Length == 0 ? "none" : knownList)} (or a category, or '{All}')");
    }
}
