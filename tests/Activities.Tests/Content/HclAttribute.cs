namespace CoderBootstrap.Activities.Tests.Content;

/// <summary>An attribute <c>name = expression</c>; the expression is kept as its source text.</summary>
internal sealed record HclAttribute(string Name, string Expression, int Line);
