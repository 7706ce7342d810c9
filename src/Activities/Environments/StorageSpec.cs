namespace CoderBootstrap.Activities.Environments;

/// <summary>Block storage budgeted for persistent volumes (Coder and workspaces), in GB.</summary>
public sealed record StorageSpec(int BlockStorageGb);
