using System.Globalization;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary><c>terraform fmt -check -diff</c> over a folder's .tf files: each file needing a change is a finding at its first changed line.</summary>
internal static partial class TerraformFormatRule
{
    public static void Check(TemplateSource source, ExternalTool terraform)
    {
        var (exitCode, output) = terraform.Run(source.Folder, "fmt", "-check", "-diff", "-no-color");
        if (exitCode == 0)
        {
            return;
        }

        var reported = false;
        string? file = null;
        var lines = output.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            if (lines[index].StartsWith("--- old/", StringComparison.Ordinal))
            {
                file = Path.Combine(source.Folder, lines[index]["--- old/".Length..].Trim());
            }
            else if (file is not null && Hunk().Match(lines[index]) is { Success: true } hunk)
            {
                var line = int.Parse(hunk.Groups["line"].Value, CultureInfo.InvariantCulture);
                for (var next = index + 1; next < lines.Length && lines[next].StartsWith(' '); next++)
                {
                    line++;
                }

                source.Report("terraform-fmt", file, line, "not in canonical format: run terraform fmt");
                reported = true;
                file = null;
            }
        }

        if (!reported)
        {
            source.Report("terraform-fmt", source.MainFile, 1, "terraform fmt -check failed: " + output.Trim().ReplaceLineEndings(" "));
        }
    }

    [GeneratedRegex(@"^@@ -(?<line>\d+)")]
    private static partial Regex Hunk();
}
