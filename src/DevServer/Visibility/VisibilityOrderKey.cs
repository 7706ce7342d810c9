namespace CoderBootstrap.DevServer.Visibility;

/// <summary>One ORDER BY key. Records without a value sort first ascending and last descending, as in SQL.</summary>
public sealed record VisibilityOrderKey(string Field, bool Descending);
