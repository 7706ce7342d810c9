namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>One problem of a template: the rule it breaks, the file (relative to the repository) and the line.</summary>
public sealed record TemplateFinding(string Template, string Rule, string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Rule}: {Message}";
}

/// <summary>A check that could not run on this machine, and why (e.g. shellcheck not installed).</summary>
public sealed record SkippedCheck(string Rule, string Reason);

/// <summary>What <see cref="TemplateValidator"/> found over the templates it checked.</summary>
public sealed record TemplateValidationReport(IReadOnlyList<string> Templates, IReadOnlyList<TemplateFinding> Findings, IReadOnlyList<SkippedCheck> Skipped)
{
    public bool Passed => Findings.Count == 0;
}
