namespace CoderBootstrap.Activities.Coder;

/// <summary>A template version as far as pushing needs it: its id, its name and the state of its import job.</summary>
public sealed record CoderTemplateVersion(Guid Id, string JobStatus, string? JobError, string? Name = null)
{
    public bool IsFinished => JobStatus is "succeeded" or "failed" or "canceled";
}
