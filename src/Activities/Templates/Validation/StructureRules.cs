using CoderBootstrap.Activities.Templates.Hcl;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>
/// The rules read from the parsed Terraform: the agent and its wiring into the workspace container,
/// and the template's call of the shared module with its inputs.
/// </summary>
internal static class StructureRules
{
    /// <summary>
    /// A template declares neither an agent nor parameters of its own: the shared module has the
    /// workspace's agent, and creates the stack's parameters from the template's workspace.yaml.
    /// </summary>
    public static void CheckKeepsToItsOwn(TemplateSource template)
    {
        foreach (var (file, agent) in template.Blocks("resource", "coder_agent"))
        {
            template.Report("agent", file, agent.Line, $"{agent.Describe()}: the shared module declares the workspace's agent; no container would run this one");
        }

        foreach (var (file, parameter) in template.Blocks("data", "coder_parameter"))
        {
            template.Report("parameter", file, parameter.Line, $"{parameter.Describe()}: list the stack's parameters in {WorkspaceData.TemplateFile}; the shared module creates them");
        }
    }

    /// <summary>
    /// A shared module the templates call has one linux coder_agent that runs the template's
    /// startup script, and its workspace container runs the agent's init script with its token.
    /// </summary>
    public static void CheckModuleAgent(TemplateSource module)
    {
        var agents = module.Blocks("resource", "coder_agent").ToList();
        if (agents.Count != 1)
        {
            module.Report("agent", module.MainFile, agents.Skip(1).FirstOrDefault().Block?.Line ?? 1,
                agents.Count == 0 ? "no resource \"coder_agent\": a workspace built from a template calling it would have no agent" : "more than one coder_agent; the workspace container runs one");
            return;
        }

        var (file, agent) = agents[0];
        if (agent.Body.StringValue("os") != "linux")
        {
            module.Report("agent", file, agent.Line, "the coder_agent must have os = \"linux\" (the workspace is a Linux container)");
        }

        if (!(agent.Body.Expression("startup_script") ?? "").Contains("var.startup_script", StringComparison.Ordinal))
        {
            module.Report("agent", file, agent.Line, "the coder_agent's startup_script does not run var.startup_script, the template's startup.sh");
        }

        var reference = $"coder_agent.{agent.Labels[1]}";
        var containers = module.Blocks("resource", "kubernetes_deployment")
            .SelectMany(d => d.Block.Body.DescendantBlocks("container").Select(container => (d.Path, container)))
            .ToList();
        var runsAgent = containers.Any(c => (c.container.Body.Expression("command") ?? "").Contains($"{reference}.init_script", StringComparison.Ordinal)
            && c.container.Body.BlocksOf("env").Any(env => env.Body.StringValue("name") == "CODER_AGENT_TOKEN" && env.Body.Expression("value") == $"{reference}.token"));
        if (!runsAgent)
        {
            var (containerFile, line) = containers.Count > 0 ? (containers[0].Path, containers[0].container.Line) : (file, agent.Line);
            module.Report("agent", containerFile, line, $"no workspace container runs {reference}.init_script with CODER_AGENT_TOKEN = {reference}.token");
        }
    }

    /// <summary>
    /// The template calls a shared module of templates/modules with every input it requires, only
    /// inputs it declares, and its own name as template_name.
    /// </summary>
    public static void CheckModuleCall(TemplateSource template, string modulesDirectory)
    {
        var shared = template.Blocks("module").Where(call => (call.Block.Body.StringValue("source") ?? "").StartsWith(ModuleBundler.LocalModulePrefix, StringComparison.Ordinal)).ToList();
        if (shared.Count == 0)
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
