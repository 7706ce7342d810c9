using System.Diagnostics;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// The PostgreSQL client programs (pg_dump, pg_restore) of one installed major version. Debian's
/// <c>/usr/bin/pg_dump</c> is a wrapper that picks a version from local clusters, so the versioned
/// folder is used directly.
/// </summary>
public sealed class PostgresClientTools
{
    public PostgresClientTools(string binDirectory)
    {
        BinDirectory = binDirectory;
    }

    public string BinDirectory { get; }

    /// <summary>The newest <c>{root}/*/bin</c> holding pg_dump and pg_restore, or null when none is installed.</summary>
    public static PostgresClientTools? Find(string root = "/usr/lib/postgresql")
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        var bin = Directory.GetDirectories(root)
            .Select(version => Path.Combine(version, "bin"))
            .Where(directory => File.Exists(Path.Combine(directory, "pg_dump")) && File.Exists(Path.Combine(directory, "pg_restore")))
            .OrderByDescending(directory => int.TryParse(Path.GetFileName(Path.GetDirectoryName(directory)), out var major) ? major : 0)
            .FirstOrDefault();
        return bin is null ? null : new PostgresClientTools(bin);
    }

    /// <summary>Starts <paramref name="tool"/> against <paramref name="endpoint"/>; the password reaches only the child's environment.</summary>
    internal PostgresToolProcess Start(string tool, DatabaseEndpoint endpoint, string password, IReadOnlyList<string> arguments, bool writesStandardInput)
    {
        var start = new ProcessStartInfo(Path.Combine(BinDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = writesStandardInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in endpoint.ClientEnvironment(password))
        {
            start.Environment[name] = value;
        }

        return PostgresToolProcess.Start(tool, start, password);
    }

    /// <summary>The first line of <c>pg_dump --version</c>, for example <c>pg_dump (PostgreSQL) 15.14</c>.</summary>
    public async Task<string> DumpVersionAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path.Combine(BinDirectory, "pg_dump")) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--version");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump did not start");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return output.Trim();
    }
}
