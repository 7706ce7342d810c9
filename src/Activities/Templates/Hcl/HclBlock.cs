namespace CoderBootstrap.Activities.Templates.Hcl;

/// <summary>A block such as <c>resource "coder_agent" "main" { ... }</c>.</summary>
public sealed record HclBlock(string Type, IReadOnlyList<string> Labels, HclBody Body, int Line)
{
    public string Describe() => Labels.Count == 0 ? Type : $"{Type} \"{string.Join("\" \"", Labels)}\"";
}
