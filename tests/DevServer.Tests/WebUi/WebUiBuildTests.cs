using CoderBootstrap.DevServer.Http;

namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>
/// The Web UI build's lock and work folders, with a stand-in npm (a shell script) that records each call
/// and takes a moment over `npm ci`, so builders started together overlap.
/// </summary>
public sealed class WebUiBuildTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ui-build-").FullName;

    private string Sources => Path.Combine(_folder, "sources");

    private string Cache => Path.Combine(_folder, "cache");

    private string Calls => Path.Combine(_folder, "npm-calls");

    private string FakeNpm(bool buildFails = false)
    {
        Directory.CreateDirectory(Sources);
        File.WriteAllText(Path.Combine(Sources, "package-lock.json"), "{}");
        File.WriteAllText(Path.Combine(Sources, "package.json"), "{}");
        var npm = Path.Combine(_folder, "npm");
        var build = buildFails
            ? "echo 'npm ERR! vite: build failed' >&2; exit 1"
            : "mkdir -p build && echo '<html></html>' > build/index.html";
        File.WriteAllText(npm, $"""
            #!/usr/bin/env bash
            echo "$1 $PWD" >> '{Calls}'
            if [ "$1" = ci ]; then sleep 1; mkdir -p node_modules; exit 0; fi
            {build}
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return npm;
    }

    [Fact]
    public async Task BuildersStartedTogetherBuildOnceAndAllGetTheSameSite()
    {
        var npm = FakeNpm();

        var sites = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => WebUiBuild.EnsureBuiltAsync(Sources, Cache, npm, CancellationToken.None))));

        Assert.Single(sites.Distinct(StringComparer.Ordinal));
        Assert.True(WebUiBuild.IsBuilt(sites[0]));
        var calls = File.ReadAllLines(Calls);
        Assert.Equal(["ci", "run"], calls.Select(c => c.Split(' ')[0]));
    }

    [Fact]
    public async Task AFinishedBuildKeepsOnlyTheSiteAndTheLockFile()
    {
        var npm = FakeNpm();

        var site = await WebUiBuild.EnsureBuiltAsync(Sources, Cache, npm, CancellationToken.None);

        var root = Path.GetDirectoryName(site)!;
        Assert.Equal(["build.lock", "site"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AFailedBuildSaysWhyInOneLineRemovesItsWorkFolderAndTheNextBuildStartsClean()
    {
        var failing = FakeNpm(buildFails: true);

        var error = await Assert.ThrowsAsync<WebUiBuildException>(() => WebUiBuild.EnsureBuiltAsync(Sources, Cache, failing, CancellationToken.None));

        Assert.Equal("npm run build failed with exit code 1: npm ERR! vite: build failed", error.Message);
        var root = Path.GetDirectoryName(WebUiBuild.SiteDirectory(Sources, Cache))!;
        Assert.Equal(["build.lock"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName));

        var site = await WebUiBuild.EnsureBuiltAsync(Sources, Cache, FakeNpm(), CancellationToken.None);
        Assert.True(WebUiBuild.IsBuilt(site));
        var workFolders = File.ReadAllLines(Calls).Select(c => c.Split(' ', 2)[1]).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(2, workFolders.Count);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
