using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Templates;

/// <summary>A category of templates, e.g. backend, as listed in templates/catalog.yaml.</summary>
public sealed record TemplateCategory(string Id, string DisplayName, string Description);

/// <summary>Display metadata of one template, as listed in templates/catalog.yaml.</summary>
public sealed record TemplateCatalogEntry(string Name, string Category, string DisplayName, string Icon, string Description, IReadOnlyList<string> Tags);

/// <summary>The most CPU, memory and disk a workspace may have in an environment.</summary>
public sealed record WorkspaceLimitRange(string Environment, int MaxCpu, int MaxMemoryGib, int MaxDiskGib);

/// <summary>
/// templates/catalog.yaml: the categories, the display metadata of every template and the
/// workspace limit range of each environment. Read strictly: an unknown field, a template in an
/// unknown category or a name given twice is one clear error naming the file and the field.
/// </summary>
public sealed class TemplateCatalogFile
{
    public const string FileName = "catalog.yaml";

    private TemplateCatalogFile(IReadOnlyList<TemplateCategory> categories, IReadOnlyList<TemplateCatalogEntry> templates, IReadOnlyList<WorkspaceLimitRange> limitRanges)
    {
        Categories = categories;
        Templates = templates;
        LimitRanges = limitRanges;
    }

    public IReadOnlyList<TemplateCategory> Categories { get; }

    public IReadOnlyList<TemplateCatalogEntry> Templates { get; }

    public IReadOnlyList<WorkspaceLimitRange> LimitRanges { get; }

    public TemplateCatalogEntry? Find(string name) => Templates.FirstOrDefault(entry => entry.Name == name);

    /// <summary>Reads templatesDirectory/catalog.yaml; EnvironmentSpecException when it is missing or malformed.</summary>
    public static TemplateCatalogFile Load(string templatesDirectory)
    {
        var path = Path.Combine(templatesDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new EnvironmentSpecException($"{FileName}: (document): not found in {templatesDirectory}");
        }

        var root = YamlMap.Root(FileName, File.ReadAllText(path), ["categories", "limit_ranges", "templates"]);
        var categories = root.MapList("categories", ["id", "display_name", "description"])
            .Select(map => new TemplateCategory(map.RequiredString("id"), map.RequiredString("display_name"), map.RequiredString("description")))
            .ToList();
        var limits = root.MapList("limit_ranges", ["environment", "max_cpu", "max_memory_gib", "max_disk_gib"])
            .Select(map => new WorkspaceLimitRange(map.RequiredString("environment"), map.RequiredInt("max_cpu", 1, 64),
                map.RequiredInt("max_memory_gib", 1, 512), map.RequiredInt("max_disk_gib", 1, 10_000)))
            .ToList();
        var categoryIds = categories.Select(c => c.Id).ToList();
        var templates = root.MapList("templates", ["name", "category", "display_name", "icon", "description", "tags"])
            .Select(map => new TemplateCatalogEntry(map.RequiredString("name"), map.RequiredChoice("category", categoryIds),
                map.RequiredString("display_name"), map.RequiredString("icon"), map.RequiredString("description"),
                map.StringList("tags", tag => tag.Length > 0, "non-empty tags", allowEmpty: true)))
            .ToList();
        var repeated = templates.GroupBy(t => t.Name).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null)
        {
            throw new EnvironmentSpecException($"{FileName}: templates: '{repeated.Key}' is listed more than once");
        }

        return new TemplateCatalogFile(categories, templates, limits);
    }
}
