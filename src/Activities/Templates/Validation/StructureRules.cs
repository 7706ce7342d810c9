using System.Globalization;
using System.Text.RegularExpressions;
using CoderBootstrap.Activities.Templates.Hcl;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>
/// The rules read from the parsed Terraform: the agent and its wiring into the workspace container,
/// the shared module call and its inputs, the coder_parameters and the resource defaults.
/// </summary>
internal static partial class StructureRules
{
    private static readonly string[] ParameterTypes = ["string", "number", "bool", "list(string)"];

    /// <summary>A template has one linux coder_agent and hands it to the shared module.</summary>
    public static void CheckAgent(TemplateSource template)
    {
        var agents = template.Blocks("resource", "coder_agent").ToList();
        if (agents.Count != 1)
        {
            template.Report("agent", template.MainFile, agents.Skip(1).FirstOrDefault().Block?.Line ?? 1,
                agents.Count == 0 ? "no resource \"coder_agent\": a workspace built from it would have no agent" : "more than one coder_agent; the workspace container runs one");
            return;
        }

        var (file, agent) = agents[0];
        if (agent.Body.StringValue("os") != "linux")
        {
            template.Report("agent", file, agent.Line, "the coder_agent must have os = \"linux\" (the workspace is a Linux container)");
        }

        var reference = $"coder_agent.{agent.Labels[1]}";
        var wired = template.Blocks("module").Any(module => module.Block.Body.Expression("agent") is { } value
            && (value == reference || value.StartsWith(reference + ".", StringComparison.Ordinal)));
        if (!wired)
        {
            template.Report("agent", file, agent.Line,
                $"{reference} is not passed to the shared module (agent = {reference}), so no container runs its init script with its token");
        }
    }

    /// <summary>The module's workspace container runs var.agent.init_script with CODER_AGENT_TOKEN = var.agent.token.</summary>
    public static void CheckModuleRunsTheAgent(TemplateSource module)
    {
        var containers = module.Blocks("resource", "kubernetes_deployment")
            .SelectMany(d => d.Block.Body.DescendantBlocks("container").Select(container => (d.Path, container)))
            .ToList();
        var runsAgent = containers.Any(c => (c.container.Body.Expression("command") ?? "").Contains("var.agent.init_script", StringComparison.Ordinal)
            && c.container.Body.BlocksOf("env").Any(env => env.Body.StringValue("name") == "CODER_AGENT_TOKEN" && env.Body.Expression("value") == "var.agent.token"));
        if (!runsAgent)
        {
            var (file, line) = containers.Count > 0 ? (containers[0].Path, containers[0].container.Line) : (module.MainFile, 1);
            module.Report("agent", file, line, "no workspace container runs var.agent.init_script with CODER_AGENT_TOKEN = var.agent.token");
        }
    }

    /// <summary>
    /// The template calls a shared module of templates/modules with every input it requires, only
    /// inputs it declares, and its own name as template_name.
    /// </summary>
    public static void CheckModuleCall(TemplateSource template, string modulesDirectory)
    {
        var calls = template.Blocks("module").ToList();
        var shared = calls.Where(call => (call.Block.Body.StringValue("source") ?? "").StartsWith(ModuleBundler.LocalModulePrefix, StringComparison.Ordinal)).ToList();
        if (shared.Count == 0 || calls.All(call => call.Block.Body.Expression("agent") is null))
        {
            template.Report("module", template.MainFile, 1, $"the template does not call the shared module (module \"workspace\" {{ source = \"{ModuleBundler.LocalModulePrefix}kubernetes-workspace\" }})");
            return;
        }

        foreach (var (file, call) in shared)
        {
            var name = call.Body.StringValue("source")![ModuleBundler.LocalModulePrefix.Length..].TrimEnd('/');
            var folder = Path.Combine(modulesDirectory, name);
            if (!Directory.Exists(folder))
            {
                template.Report("module", file, call.Line, $"module source {ModuleBundler.LocalModulePrefix}{name}: templates/modules/{name} does not exist");
                continue;
            }

            var variables = ModuleVariables(folder);
            var given = call.Body.Attributes.Where(a => a.Name is not ("source" or "version" or "providers" or "depends_on" or "count" or "for_each")).ToList();
            foreach (var missing in variables.Where(v => v.Value == false && given.All(a => a.Name != v.Key)).Select(v => v.Key).Order(StringComparer.Ordinal))
            {
                template.Report("module", file, call.Line, $"module \"{call.Labels[0]}\" lacks the required input {missing}");
            }

            foreach (var unknown in given.Where(a => !variables.ContainsKey(a.Name)))
            {
                template.Report("module", file, unknown.Line, $"module \"{call.Labels[0]}\" has no input {unknown.Name}; its inputs: {string.Join(", ", variables.Keys.Order(StringComparer.Ordinal))}");
            }

            var templateName = call.Body.Attributes.FirstOrDefault(a => a.Name == "template_name");
            if (templateName is not null && call.Body.StringValue("template_name") != template.Name)
            {
                template.Report("module", file, templateName.Line, $"template_name must be the folder name \"{template.Name}\"");
            }
        }
    }

    /// <summary>Input name to whether it has a default, from the module's variable blocks.</summary>
    public static Dictionary<string, bool> ModuleVariables(string moduleFolder) =>
        Directory.GetFiles(moduleFolder, "*.tf")
            .SelectMany(file => TryParse(file)?.BlocksOf("variable") ?? [])
            .Where(block => block.Labels.Count == 1)
            .ToDictionary(block => block.Labels[0], block => block.Body.Expression("default") is not null, StringComparer.Ordinal);

    /// <summary>Every coder_parameter: a name, a known type, a default of that type among its options and within its validation.</summary>
    public static void CheckParameters(TemplateSource source)
    {
        foreach (var (file, parameter) in source.Blocks("data", "coder_parameter"))
        {
            var label = parameter.Labels.Count > 1 ? parameter.Labels[1] : "?";
            void Report(string message) => source.Report("parameter", file, parameter.Line, $"coder_parameter \"{label}\": {message}");

            if (string.IsNullOrEmpty(parameter.Body.StringValue("name")))
            {
                Report("no name");
            }

            var type = parameter.Body.StringValue("type") ?? "string";
            if (!ParameterTypes.Contains(type))
            {
                Report($"type \"{type}\" is not one of {string.Join(", ", ParameterTypes)}");
                continue;
            }

            var defaultExpression = parameter.Body.Expression("default");
            var literal = parameter.Body.StringValue("default");
            if (defaultExpression is null)
            {
                Report("no default: a workspace could not be created without asking for it");
                continue;
            }

            if (literal is not null && !MatchesType(literal, type))
            {
                Report($"default \"{literal}\" is not a {type}");
            }

            var options = parameter.Body.BlocksOf("option").Select(option => option.Body.StringValue("value")).ToList();
            if (options.Count > 0)
            {
                if (options.Distinct().Count() != options.Count || options.Any(value => value is null))
                {
                    Report("option values must be distinct literals");
                }
                else if (literal is not null && !options.Contains(literal))
                {
                    Report($"default \"{literal}\" is not one of its options ({string.Join(", ", options)})");
                }
            }

            var validation = parameter.Body.SingleBlock("validation");
            if (validation is null && type == "number" && options.Count == 0)
            {
                Report("a number without options needs a validation with min and max");
            }

            if (validation is not null)
            {
                CheckValidation(validation, type, literal, Report);
            }
        }
    }

    /// <summary>
    /// The module call's resource_defaults: cpu, memory and disk within the module's parameter
    /// bounds and within every environment's workspace limit range.
    /// </summary>
    public static void CheckResourceDefaults(TemplateSource template, string modulesDirectory, IReadOnlyList<WorkspaceLimitRange> limitRanges)
    {
        foreach (var (file, call) in template.Blocks("module"))
        {
            var source = call.Body.StringValue("source") ?? "";
            var moduleFolder = Path.Combine(modulesDirectory, source.StartsWith(ModuleBundler.LocalModulePrefix, StringComparison.Ordinal) ? source[ModuleBundler.LocalModulePrefix.Length..] : "");
            var attribute = call.Body.Attributes.FirstOrDefault(a => a.Name == "resource_defaults");
            if (!Directory.Exists(moduleFolder) || attribute is null)
            {
                continue;
            }

            var bounds = ParameterBounds(moduleFolder);
            foreach (var (key, parameter, limit) in new (string, string, Func<WorkspaceLimitRange, int>)[]
                     { ("cpu", "cpu", l => l.MaxCpu), ("memory", "memory", l => l.MaxMemoryGib), ("disk", "disk_size", l => l.MaxDiskGib) })
            {
                var match = Regex.Match(attribute.Expression, $@"\b{key}\s*=\s*(?<value>\d+(\.\d+)?)");
                if (!match.Success)
                {
                    template.Report("resources", file, attribute.Line, $"resource_defaults has no numeric {key}");
                    continue;
                }

                var value = decimal.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
                if (bounds.TryGetValue(parameter, out var range) && (value < range.Min || value > range.Max))
                {
                    template.Report("resources", file, attribute.Line, $"{key} default {value} is outside the {parameter} parameter's validation ({range.Min} to {range.Max})");
                }

                foreach (var environment in limitRanges.Where(l => value > limit(l)))
                {
                    template.Report("resources", file, attribute.Line, $"{key} default {value} exceeds the {environment.Environment} limit range (at most {limit(environment)})");
                }
            }
        }
    }

    private static Dictionary<string, (decimal Min, decimal Max)> ParameterBounds(string moduleFolder)
    {
        var bounds = new Dictionary<string, (decimal, decimal)>(StringComparer.Ordinal);
        foreach (var parameter in Directory.GetFiles(moduleFolder, "*.tf").SelectMany(file => TryParse(file)?.BlocksOf("data", "coder_parameter") ?? []))
        {
            var validation = parameter.Body.SingleBlock("validation");
            if (parameter.Body.StringValue("name") is { } name
                && TryNumber(validation?.Body.Expression("min"), out var min) && TryNumber(validation?.Body.Expression("max"), out var max))
            {
                bounds[name] = (min, max);
            }
        }

        return bounds;
    }

    private static void CheckValidation(HclBlock validation, string type, string? literal, Action<string> report)
    {
        var minText = validation.Body.Expression("min");
        var maxText = validation.Body.Expression("max");
        if (type == "number")
        {
            if ((minText is not null && !TryNumber(minText, out _)) || (maxText is not null && !TryNumber(maxText, out _)) || (minText is null && maxText is null))
            {
                report("a number validation needs numeric min and/or max");
                return;
            }

            TryNumber(minText, out var min);
            TryNumber(maxText, out var max);
            if (minText is not null && maxText is not null && min > max)
            {
                report($"validation min {min} is above max {max}");
            }
            else if (literal is not null && decimal.TryParse(literal, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
                     && ((minText is not null && value < min) || (maxText is not null && value > max)))
            {
                report($"default {value} is outside its validation ({minText ?? "-"} to {maxText ?? "-"})");
            }
        }
        else if (validation.Body.StringValue("regex") is { } pattern)
        {
            try
            {
                if (literal is not null && !Regex.IsMatch(literal, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    report($"default \"{literal}\" does not match its validation regex {pattern}");
                }
            }
            catch (ArgumentException)
            {
                report($"validation regex {pattern} is not a valid regular expression");
            }
        }
        else if (minText is not null || maxText is not null)
        {
            report($"min and max validate numbers, not a {type}");
        }

        if (validation.Body.Expression("error") is null && type != "bool")
        {
            report("the validation has no error message");
        }
    }

    private static bool MatchesType(string literal, string type) => type switch
    {
        "number" => decimal.TryParse(literal, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
        "bool" => literal is "true" or "false",
        "list(string)" => literal.StartsWith('['),
        _ => true,
    };

    private static bool TryNumber(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);

    private static HclBody? TryParse(string file)
    {
        try
        {
            return HclParser.Parse(File.ReadAllText(file));
        }
        catch (HclSyntaxException)
        {
            return null;
        }
    }
}
