namespace CoderBootstrap.Activities.Templates.Hcl;

/// <summary>An attribute <c>name = expression</c>; the expression is kept as its source text.</summary>
public sealed record HclAttribute(string Name, string Expression, int Line);
