namespace CoderBootstrap.Activities.State;

/// <summary>An entry of a state document's history (one immutable object per write).</summary>
public sealed record StateVersion(string Bucket, string Key, long Sequence, DateTimeOffset WrittenAt, long Size);
