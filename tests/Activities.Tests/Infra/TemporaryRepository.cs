namespace CoderBootstrap.Activities.Tests.Infra;

/// <summary>A copy of this repository's deploy/environments and deploy/prices.yaml in a temporary folder, for specs a test alters.</summary>
internal sealed class TemporaryRepository : IDisposable
{
    public TemporaryRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "infra-activities-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "deploy", "environments"));
        File.Copy(RepositoryPaths.PriceCatalogFile, Path.Combine(Root, "deploy", "prices.yaml"));
        foreach (var file in Directory.GetFiles(RepositoryPaths.EnvironmentsDirectory, "*.yaml"))
        {
            File.Copy(file, Path.Combine(Root, "deploy", "environments", Path.GetFileName(file)));
        }
    }

    public string Root { get; }

    /// <summary>Rewrites one environment file, replacing <paramref name="oldText"/> (which must occur) by <paramref name="newText"/>.</summary>
    public void Edit(string environment, string oldText, string newText)
    {
        var path = Path.Combine(Root, "deploy", "environments", environment + ".yaml");
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
