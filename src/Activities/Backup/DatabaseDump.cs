namespace CoderBootstrap.Activities.Backup;

/// <summary>A database dumped to object storage: the object, and the figures of the snapshot the dump was taken from.</summary>
public sealed record DatabaseDump(UploadedObject Object, DatabaseFigures Figures, string DumpToolVersion);
