namespace CoderBootstrap.Activities.Backup;

/// <summary>A completed object with the size and SHA-256 computed while its bytes streamed through.</summary>
public sealed record UploadedObject(ObjectLocation Location, long Size, string Sha256, int PartCount, string ETag);
