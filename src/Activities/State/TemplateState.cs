namespace CoderBootstrap.Activities.State;

/// <summary>A workspace template pushed to Coder.</summary>
public sealed record TemplateState(string Name, string? VersionId, DateTimeOffset PushedAt);
