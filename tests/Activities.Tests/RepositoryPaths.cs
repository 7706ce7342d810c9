using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Tests;

/// <summary>Locates the repository (the folder holding Workflows.sln) and the shared folder next to it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

    public static string EnvironmentsDirectory => Path.Combine(Root, "deploy", "environments");

    public static string PriceCatalogFile => Path.Combine(Root, "deploy", "prices.yaml");

    public static string SharedDirectory => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string ScalewayRecordingsDirectory => Path.Combine(SharedDirectory, "recordings", "scaleway");
}
