namespace CoderBootstrap.Activities.Coder;

public sealed record CoderTemplate(Guid Id, string Name, Guid ActiveVersionId);
