namespace CoderBootstrap.Activities.Scaleway;

/// <summary>One page of a Scaleway list response: its items and the total across all pages.</summary>
public interface IScalewayPage<out TItem>
{
    long TotalCount { get; }

    IReadOnlyList<TItem> Items { get; }
}
