namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Selects the resources this tool created: exact name and every expected tag.</summary>
public static class ScalewayResourceMatch
{
    public static IReadOnlyList<T> ByNameAndTags<T>(IEnumerable<T> resources, string name, IReadOnlyCollection<string> tags)
        where T : IScalewayTaggedResource
    {
        return resources
            .Where(r => r.Name == name && tags.All(t => r.Tags?.Contains(t) == true))
            .ToList();
    }

    /// <summary>The one match, null when there is none; more than one means a duplicate was created and needs a human.</summary>
    public static T? SingleOrNone<T>(IReadOnlyList<T> matches, string kind, string name)
        where T : class, IScalewayTaggedResource
    {
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new InvalidOperationException(
                $"{matches.Count} {kind}s are named '{name}' with this environment's tags ({string.Join(", ", matches.Select(m => m.Id))}); remove the duplicates before running again"),
        };
    }
}
