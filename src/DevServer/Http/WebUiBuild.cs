using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace CoderBootstrap.DevServer.Http;

/// <summary>
/// Builds the Web UI (the SvelteKit app in <c>src/DevServer/ui</c>, copied beside the server's
/// assembly as <c>devserver-ui/</c>) into a cache folder at first use: <c>npm ci</c> from the
/// committed lock file, then <c>vite build</c> with <c>VITE_API</c> empty. The result is keyed by a
/// hash of the sources, so later starts only check that a folder exists. Concurrent builders of
/// the same sources (parallel test processes) wait for one another through a lock file.
/// </summary>
public static class WebUiBuild
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);
    private static readonly string[] NotSources = ["node_modules", "build", ".svelte-kit"];

    /// <summary>The app's sources as shipped beside this assembly.</summary>
    public static string DefaultSourceDirectory => Path.Combine(AppContext.BaseDirectory, "devserver-ui");

    /// <summary><c>.local/devserver-ui</c> of the repository the server runs from, else a folder in the user's cache.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workflows.sln")))
                {
                    return Path.Combine(dir.FullName, ".local", "devserver-ui");
                }
            }
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "coder-bootstrap", "devserver-ui");
        }
    }

    /// <summary>Where the built site of these sources is (or will be), without building anything.</summary>
    public static string SiteDirectory(string sourceDirectory, string cacheDirectory) =>
        Path.Combine(cacheDirectory, SourceHash(sourceDirectory), "site");

    public static bool IsBuilt(string siteDirectory) => File.Exists(Path.Combine(siteDirectory, "index.html"));

    /// <summary>Returns the built site's folder, building it first if needed.</summary>
    /// <exception cref="WebUiBuildException">One line saying why the UI could not be built.</exception>
    public static Task<string> EnsureBuiltAsync(string sourceDirectory, string cacheDirectory, CancellationToken cancellationToken = default) =>
        EnsureBuiltAsync(sourceDirectory, cacheDirectory, null, cancellationToken);

    /// <param name="npm">The npm executable; null: the one on PATH.</param>
    internal static async Task<string> EnsureBuiltAsync(string sourceDirectory, string cacheDirectory, string? npm, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(sourceDirectory, "package-lock.json")))
        {
            throw new WebUiBuildException($"the UI sources are missing ({sourceDirectory} has no package-lock.json)");
        }
        var site = SiteDirectory(sourceDirectory, cacheDirectory);
        if (IsBuilt(site))
        {
            return site;
        }
        var root = Path.GetDirectoryName(site)!;
        Directory.CreateDirectory(root);
        await using var buildLock = await AcquireLockAsync(Path.Combine(root, "build.lock"), site, cancellationToken).ConfigureAwait(false);
        if (IsBuilt(site))
        {
            return site;
        }
        // A folder of this build's own: a builder that lost its lock (killed) must not share node_modules with the next.
        var work = Path.Combine(root, $"work-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            CopySources(sourceDirectory, work);
            npm ??= FindOnPath("npm") ?? throw new WebUiBuildException("npm is not installed (install Node.js 20 and npm to get the web UI)");
            // Scripts stay off: @temporalio/ui's own "prepare" tries to download the temporal CLI.
            await RunAsync(npm, ["ci", "--include=dev", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], work, cancellationToken).ConfigureAwait(false);
            await RunAsync(npm, ["run", "build", "--silent"], work, cancellationToken).ConfigureAwait(false);
            var output = Path.Combine(work, "build");
            if (!File.Exists(Path.Combine(output, "index.html")))
            {
                throw new WebUiBuildException($"vite build wrote no index.html into {output}");
            }
            Directory.Move(output, site);
        }
        finally
        {
            // node_modules (~150 MB) is only needed to build: the site is all that is kept.
            TryDelete(work);
        }
        return site;
    }

    internal static string SourceHash(string sourceDirectory)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in SourceFiles(sourceDirectory).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file.Replace('\\', '/') + "\n"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(sourceDirectory, file)));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static IEnumerable<string> SourceFiles(string sourceDirectory) =>
        Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(sourceDirectory, f))
            .Where(f => !NotSources.Contains(f.Split(Path.DirectorySeparatorChar)[0]));

    private static void CopySources(string from, string to)
    {
        TryDelete(to);
        foreach (var file in SourceFiles(from))
        {
            var target = Path.Combine(to, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(from, file), target);
        }
    }

    /// <summary>The build lock, or null when another process finished the build while this one waited.</summary>
    private static async Task<FileStream?> AcquireLockAsync(string path, string site, CancellationToken cancellationToken)
    {
        while (!IsBuilt(site))
        {
            try
            {
                // The lock file is never deleted: deleting it on close would let a waiter that opened the old
                // file and a newcomer that created a new one both hold "the" lock at once.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
        return null;
    }

    private static async Task RunAsync(string executable, string[] arguments, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Empty: the built UI calls /api/v1 on the origin that served it.
        start.Environment["VITE_API"] = string.Empty;
        start.Environment["npm_config_update_notifier"] = "false";
        using var process = Process.Start(start) ?? throw new WebUiBuildException($"could not start {executable}");
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            throw new WebUiBuildException($"npm {arguments[0]} did not finish within {StepTimeout.TotalMinutes} minutes");
        }
        if (process.ExitCode != 0)
        {
            string last;
            lock (errors)
            {
                last = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.Contains("ERR", StringComparison.OrdinalIgnoreCase) || l.Contains("rror", StringComparison.Ordinal))
                    ?? errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
            }
            throw new WebUiBuildException($"npm {string.Join(' ', arguments.Take(2))} failed with exit code {process.ExitCode}: {last}");
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? name + ".cmd" : name))
            .FirstOrDefault(File.Exists);

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The Web UI could not be built; the message is one line for the server's output.</summary>
public sealed class WebUiBuildException(string message) : Exception(message);
