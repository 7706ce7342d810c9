using System.Diagnostics;
using Amazon.S3;
using CoderBootstrap.Activities.Backup;

namespace CoderBootstrap.Backup.Bench;

/// <summary>The comparisons: what an operator would run by hand on the same server.</summary>
internal static class Baseline
{
    public static Task<TimeSpan> DumpGzipAsync(PostgresClientTools tools, DatabaseEndpoint database, string password, string file) =>
        TimeShellAsync($"set -o pipefail; \"{Path.Combine(tools.BinDirectory, "pg_dump")}\" -Fc | gzip > \"{file}\"", database, password);

    public static Task<TimeSpan> DumpFileAsync(PostgresClientTools tools, DatabaseEndpoint database, string password, string file) =>
        TimeShellAsync($"\"{Path.Combine(tools.BinDirectory, "pg_dump")}\" -Fc -f \"{file}\"", database, password);

    public static Task<TimeSpan> RestoreFileAsync(PostgresClientTools tools, DatabaseEndpoint database, string password, string file) =>
        TimeShellAsync($"\"{Path.Combine(tools.BinDirectory, "pg_restore")}\" --clean --if-exists --single-transaction --no-owner -d \"{database.Database}\" \"{file}\"", database, password);

    public static async Task DownloadAsync(IAmazonS3 s3, ObjectLocation source, string file)
    {
        using var response = await s3.GetObjectAsync(source.Bucket, source.Key);
        await using var output = File.Create(file);
        await response.ResponseStream.CopyToAsync(output);
    }

    private static async Task<TimeSpan> TimeShellAsync(string script, DatabaseEndpoint database, string password)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var (name, value) in database.ClientEnvironment(password))
        {
            start.Environment[name] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = watch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {await errors}");
        }

        return elapsed;
    }
}
