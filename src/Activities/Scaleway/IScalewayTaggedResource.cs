namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A resource that can be found again by its name and tags.</summary>
public interface IScalewayTaggedResource
{
    string Id { get; }

    string Name { get; }

    IReadOnlyList<string>? Tags { get; }
}
