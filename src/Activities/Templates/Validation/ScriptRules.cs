using System.Text.RegularExpressions;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>
/// The scripts the agent runs (a coder_agent's startup_script, a coder_script's script, the
/// startup_script a template hands to the shared module), whether
/// kept in a file next to main.tf or inline as a heredoc: <c>bash -n</c>, then shellcheck at
/// warning level where it is installed.
/// </summary>
internal static partial class ScriptRules
{
    /// <summary>Every .sh file of a shared module: the scripts its outputs and coder_scripts hand to the agent.</summary>
    public static void CheckModuleScripts(TemplateSource module, ExternalTool? bash, ExternalTool? shellcheck)
    {
        foreach (var script in Directory.GetFiles(module.Folder, "*.sh").Order(StringComparer.Ordinal))
        {
            RunCheckers(module, script, script, 0, bash, shellcheck);
        }
    }

    public static void Check(TemplateSource source, ExternalTool? bash, ExternalTool? shellcheck)
    {
        var scripts = source.Blocks("resource", "coder_agent").Select(b => (b.Path, b.Block, Attribute: "startup_script"))
            .Concat(source.Blocks("resource", "coder_script").Select(b => (b.Path, b.Block, Attribute: "script")))
            .Concat(source.Blocks("module").Where(b => b.Block.Body.Expression("startup_script") is not null).Select(b => (b.Path, b.Block, Attribute: "startup_script")))
            .ToList();
        foreach (var (file, block, attributeName) in scripts)
        {
            var attribute = block.Body.Attributes.FirstOrDefault(a => a.Name == attributeName);
            if (attribute is null)
            {
                if (block.Type == "resource" && block.Labels[0] == "coder_agent")
                {
                    source.Report("startup-script", file, block.Line, "the coder_agent has no startup_script: nothing installs the stack");
                }

                continue;
            }

            if (FileReference().Match(attribute.Expression) is { Success: true } reference)
            {
                var path = Path.Combine(source.Folder, reference.Groups["path"].Value);
                if (!File.Exists(path))
                {
                    source.Report("startup-script", file, attribute.Line, $"{attributeName} reads {reference.Groups["path"].Value}, which is not in the template folder");
                    continue;
                }

                RunCheckers(source, path, path, 0, bash, shellcheck);
            }
            else if (Heredoc().Match(attribute.Expression) is { Success: true } heredoc)
            {
                var copy = Path.Combine(Path.GetTempPath(), $"template-script-{Guid.NewGuid():N}.sh");
                File.WriteAllText(copy, heredoc.Groups["body"].Value);
                try
                {
                    RunCheckers(source, copy, file, attribute.Line, bash, shellcheck);
                }
                finally
                {
                    File.Delete(copy);
                }
            }
        }
    }

    /// <summary>Checks <paramref name="script"/>; findings point at <paramref name="reportedFile"/>, shifted by <paramref name="lineOffset"/>.</summary>
    private static void RunCheckers(TemplateSource source, string script, string reportedFile, int lineOffset, ExternalTool? bash, ExternalTool? shellcheck)
    {
        if (bash is not null)
        {
            var (exitCode, output) = bash.Run(source.Folder, "-n", script);
            if (exitCode != 0)
            {
                foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var at = BashLine().Match(line);
                    source.Report("startup-script", reportedFile, lineOffset + (at.Success ? int.Parse(at.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1),
                        "bash -n: " + (at.Success ? line[(at.Index + at.Length)..].Trim() : line.Trim()));
                }

                return;
            }
        }

        if (shellcheck is not null)
        {
            var (_, output) = shellcheck.Run(source.Folder, "--format=gcc", "--severity=warning", "--shell=bash", script);
            foreach (Match finding in ShellcheckLine().Matches(output))
            {
                source.Report("startup-script", reportedFile, lineOffset + int.Parse(finding.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    "shellcheck: " + finding.Groups["message"].Value.Trim());
            }
        }
    }

    [GeneratedRegex("""(?:templatefile|file)\(\s*"\$\{path\.module\}/(?<path>[^"]+)"\s*[,)]""")]
    private static partial Regex FileReference();

    [GeneratedRegex(@"^<<-?(?<marker>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n(?<body>.*?)^[ \t]*\k<marker>[ \t]*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Heredoc();

    [GeneratedRegex(@"line (?<line>\d+):")]
    private static partial Regex BashLine();

    [GeneratedRegex(@"^[^\n:]+:(?<line>\d+):\d+: (?<message>[^\n]+)$", RegexOptions.Multiline)]
    private static partial Regex ShellcheckLine();
}
