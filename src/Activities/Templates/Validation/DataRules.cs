using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>
/// The rules read from the data files the shared module builds workspaces from: a template's
/// workspace.yaml (its fields, env files, parameters and resource defaults) and a module's
/// parameters.yaml.
/// </summary>
internal static partial class DataRules
{
    private static readonly string[] ParameterTypes = ["string", "number", "bool", "list(string)"];

    // The fields of the module's `workspace` variable; Terraform would drop any other one unread.
    private static readonly string[] TemplateFields =
        ["image", "resources", "code_server_extensions", "ide_folder", "node_selector", "nodejs", "env", "env_files", "apps", "parameters"];

    private static readonly (string Name, Func<WorkspaceLimitRange, int> Limit)[] Resources =
        [("cpu", l => l.MaxCpu), ("memory", l => l.MaxMemoryGib), ("disk_size", l => l.MaxDiskGib)];

    /// <summary>The template's workspace.yaml, against the parameters of the shared modules it calls.</summary>
    public static void CheckTemplate(TemplateSource template, IReadOnlyList<TemplateParameter> shared, IReadOnlyList<WorkspaceLimitRange> limitRanges)
    {
        var path = Path.Combine(template.Folder, WorkspaceData.TemplateFile);
        var data = WorkspaceData.Load(path, (line, message) => template.Report("data", path, line, message));
        if (data is null)
        {
            if (!File.Exists(path))
            {
                template.Report("data", path, 1, $"no {WorkspaceData.TemplateFile}: the shared module reads the template's image, resources, apps, env and parameters from it");
            }

            return;
        }

        foreach (var (key, _, line) in data.Fields.Where(field => !TemplateFields.Contains(field.Key)))
        {
            template.Report("data", path, line, $"unknown field {key}; the fields: {string.Join(", ", TemplateFields)}");
        }

        foreach (var required in new[] { "image", "resources" }.Where(key => data.Field(key) is null))
        {
            template.Report("data", path, 1, $"no {required}");
        }

        if (data.Field("env_files") is YamlMappingNode files)
        {
            foreach (var (name, file) in files.Children)
            {
                if (file is not YamlScalarNode { Value: { Length: > 0 } fileName } || !File.Exists(Path.Combine(template.Folder, fileName)))
                {
                    template.Report("data", path, WorkspaceData.LineOf(name), $"env_files: {name} reads {file}, which is not in the template folder");
                }
            }
        }

        var parameters = data.Parameters(["parameters"]);
        CheckParameters(template, path, parameters);
        foreach (var parameter in parameters.Where(p => shared.Any(s => s.Name == p.Name)))
        {
            template.Report("parameter", path, parameter.Line, $"coder_parameter \"{parameter.Name}\": the shared module already has a parameter of that name");
        }

        CheckResourceDefaults(template, data, shared, limitRanges);
    }

    /// <summary>A shared module's parameters.yaml: every parameter it lists, whatever the field.</summary>
    public static void CheckModule(TemplateSource module)
    {
        var path = Path.Combine(module.Folder, WorkspaceData.ModuleFile);
        var data = WorkspaceData.Load(path, (line, message) => module.Report("data", path, line, message));
        if (data is not null)
        {
            CheckParameters(module, path, ModuleParameters(data));
        }
    }

    /// <summary>The parameters of the modules in <paramref name="moduleFolders"/> (problems in them are reported with the module).</summary>
    public static IReadOnlyList<TemplateParameter> SharedParameters(IEnumerable<string> moduleFolders) =>
        moduleFolders.Select(folder => WorkspaceData.Load(Path.Combine(folder, WorkspaceData.ModuleFile)))
            .OfType<WorkspaceData>()
            .SelectMany(ModuleParameters)
            .ToList();

    private static IReadOnlyList<TemplateParameter> ModuleParameters(WorkspaceData data) => data.Parameters(data.Fields.Select(field => field.Key));

    /// <summary>Every parameter: a name, a known type, a default of that type among its options and within its validation.</summary>
    private static void CheckParameters(TemplateSource source, string file, IReadOnlyList<TemplateParameter> parameters)
    {
        foreach (var parameter in parameters)
        {
            void Report(string message) => source.Report("parameter", file, parameter.Line, $"coder_parameter \"{parameter.Name ?? "?"}\": {message}");

            if (string.IsNullOrEmpty(parameter.Name))
            {
                Report("no name");
            }

            if (parameter.Env is { } env && !EnvironmentName().IsMatch(env))
            {
                Report($"env \"{env}\" is not an environment variable name");
            }

            var type = parameter.Type ?? "string";
            if (!ParameterTypes.Contains(type))
            {
                Report($"type \"{type}\" is not one of {string.Join(", ", ParameterTypes)}");
                continue;
            }

            var literal = parameter.Default;
            if (literal is null)
            {
                Report("no default: a workspace could not be created without asking for it");
                continue;
            }

            if (!MatchesType(literal, type))
            {
                Report($"default \"{literal}\" is not a {type}");
            }

            var options = parameter.Options;
            if (options.Count > 0)
            {
                if (options.Distinct().Count() != options.Count || options.Any(value => value is null))
                {
                    Report("option values must be distinct literals");
                }
                else if (!options.Contains(literal))
                {
                    Report($"default \"{literal}\" is not one of its options ({string.Join(", ", options)})");
                }
            }

            if (parameter.Validation is null && type == "number" && options.Count == 0)
            {
                Report("a number without options needs a validation with min and max");
            }

            if (parameter.Validation is not null)
            {
                CheckValidation(parameter.Validation, type, literal, Report);
            }
        }
    }

    /// <summary>
    /// resources: cpu, memory and disk_size within the shared parameters' validation and within
    /// every environment's workspace limit range.
    /// </summary>
    private static void CheckResourceDefaults(TemplateSource template, WorkspaceData data, IReadOnlyList<TemplateParameter> shared, IReadOnlyList<WorkspaceLimitRange> limitRanges)
    {
        if (data.Field("resources") is not { } resources)
        {
            return;
        }

        var line = WorkspaceData.LineOf(resources);
        foreach (var (name, limit) in Resources)
        {
            if (!TryNumber(WorkspaceData.Scalar(resources, name), out var value))
            {
                template.Report("resources", data.Path, line, $"resources has no numeric {name}");
                continue;
            }

            var bounds = shared.FirstOrDefault(p => p.Name == name)?.Validation;
            if (TryNumber(bounds?.Min, out var min) && TryNumber(bounds?.Max, out var max) && (value < min || value > max))
            {
                template.Report("resources", data.Path, line, $"{name} default {value} is outside the {name} parameter's validation ({min} to {max})");
            }

            foreach (var environment in limitRanges.Where(l => value > limit(l)))
            {
                template.Report("resources", data.Path, line, $"{name} default {value} exceeds the {environment.Environment} limit range (at most {limit(environment)})");
            }
        }
    }

    private static void CheckValidation(ParameterValidation validation, string type, string literal, Action<string> report)
    {
        if (type == "number")
        {
            if ((validation.Min is not null && !TryNumber(validation.Min, out _)) || (validation.Max is not null && !TryNumber(validation.Max, out _))
                || (validation.Min is null && validation.Max is null))
            {
                report("a number validation needs numeric min and/or max");
                return;
            }

            TryNumber(validation.Min, out var min);
            TryNumber(validation.Max, out var max);
            if (validation.Min is not null && validation.Max is not null && min > max)
            {
                report($"validation min {min} is above max {max}");
            }
            else if (TryNumber(literal, out var value) && ((validation.Min is not null && value < min) || (validation.Max is not null && value > max)))
            {
                report($"default {value} is outside its validation ({validation.Min ?? "-"} to {validation.Max ?? "-"})");
            }
        }
        else if (validation.Regex is { } pattern)
        {
            try
            {
                if (!Regex.IsMatch(literal, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    report($"default \"{literal}\" does not match its validation regex {pattern}");
                }
            }
            catch (ArgumentException)
            {
                report($"validation regex {pattern} is not a valid regular expression");
            }
        }
        else if (validation.Min is not null || validation.Max is not null)
        {
            report($"min and max validate numbers, not a {type}");
        }

        if (validation.Error is null && type != "bool")
        {
            report("the validation has no error message");
        }
    }

    private static bool MatchesType(string literal, string type) => type switch
    {
        "number" => TryNumber(literal, out _),
        "bool" => literal is "true" or "false",
        "list(string)" => literal.StartsWith('['),
        _ => true,
    };

    private static bool TryNumber(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
