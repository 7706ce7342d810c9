namespace CoderBootstrap.Activities.Templates.Hcl;

/// <summary>A structural error in an HCL file: unbalanced brackets, unterminated strings or heredocs.</summary>
public sealed class HclSyntaxException(string message, int line) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;
}
