namespace CoderBootstrap.Activities.State;

/// <summary>One stored version of a state document: its place in the history and its content.</summary>
public sealed record StateDocument<T>(string Environment, StateKind Kind, long Sequence, DateTimeOffset WrittenAt, T Content);
