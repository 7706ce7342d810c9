namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// How far a streamed upload got, reported after each part: what an activity heartbeats, so that a
/// retry after a crash can abort <see cref="UploadId"/> and start a clean object.
/// </summary>
public sealed record UploadProgress(string Key, string UploadId, long BytesUploaded, int PartsUploaded);
