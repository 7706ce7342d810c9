using System.Diagnostics;
using System.Globalization;
using CoderBootstrap.Workflows.Tests;

// Time to resume after kill -9 (figures are printed, not asserted). The dev setup runs as a user
// runs it (`starter run setup --env=dev --sandbox`, embedded server, sandbox and worker in the
// Starter's process) at a time scale (default 0.05). First one uninterrupted run gives the time
// left after each point; then, for each point, a Starter is SIGKILLed when its progress shows the
// point, and the same command runs again in a new process. Per point it prints: how long the new
// process takes to say it resumes, to complete, and the resume's cost (its duration minus the work
// the uninterrupted run had left after that point) — mostly the heartbeat timeout (1 minute,
// unscaled) after which the server gives up on the activity the killed worker was running.
var scale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 0.05;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

// A post-setup hook that finishes at once, except in a copy holding a file named hang: there its first run hangs until killed (marker beside hooks/).
const string Hook = """
    #!/usr/bin/env bash
    marker="$(dirname "$0")/../hook.pid"
    if [ ! -e "$(dirname "$0")/../hang" ] || [ -e "$marker" ]; then exit 0; fi
    sleep 600 &
    echo $! > "$marker.tmp" && mv "$marker.tmp" "$marker"
    wait
    """;

(string Phase, string Line)[] points =
[
    ("phase 1, cluster wait", "infra/cluster ready running"),
    ("phase 1, database wait", "infra/database ready running"),
    ("phase 2, coder rollout", "coder/coder rollout running"),
    ("phase 2, template push", "coder/templates running"),
    ("post-setup hook", "setup/post-setup hook running"),
];

var baseline = await UninterruptedAsync();
Console.WriteLine($"uninterrupted dev setup (time scale {scale}): {baseline.Total.TotalSeconds:F1} s");
foreach (var (phase, line) in points)
{
    var left = baseline.Total - baseline.SeenAt[line];
    var root = RepositoryCopy.WithHook("post-setup", Hook);
    if (line == "setup/post-setup hook running")
    {
        File.WriteAllText(Path.Combine(root, "hang"), "");
    }
    var port = TestSupport.FreePort();
    try
    {
        using (var first = StarterProcess.Setup(root, port, timeScale: scale))
        {
            await first.WaitForLineAsync(line, TimeSpan.FromMinutes(5));
            await first.KillAsync();
        }
        var watch = Stopwatch.StartNew();
        using var second = StarterProcess.Setup(root, port, timeScale: scale);
        await second.WaitForLineAsync("resuming the setup of dev", TimeSpan.FromMinutes(2));
        var resuming = watch.Elapsed;
        var code = await second.WaitForExitAsync(TimeSpan.FromMinutes(10));
        var done = watch.Elapsed;
        Console.WriteLine($"kill -9 at {phase,-24}: new process resuming after {resuming.TotalSeconds,5:F1} s, completed after {done.TotalSeconds,6:F1} s (exit {code}); "
            + $"work left at that point {left.TotalSeconds,5:F1} s, resume cost {(done - left).TotalSeconds,5:F1} s");
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}

async Task<(TimeSpan Total, Dictionary<string, TimeSpan> SeenAt)> UninterruptedAsync()
{
    var root = RepositoryCopy.WithHook("post-setup", Hook);
    try
    {
        var watch = Stopwatch.StartNew();
        using var run = StarterProcess.Setup(root, TestSupport.FreePort(), timeScale: scale);
        var seen = new Dictionary<string, TimeSpan>();
        var exit = run.WaitForExitAsync(TimeSpan.FromMinutes(10));
        while (!exit.IsCompleted)
        {
            foreach (var (_, line) in points)
            {
                if (!seen.ContainsKey(line) && run.Lines.Any(l => l.Contains(line, StringComparison.Ordinal)))
                {
                    seen[line] = watch.Elapsed;
                }
            }
            await Task.Delay(20);
        }
        var code = await exit;
        var total = watch.Elapsed;
        foreach (var (_, line) in points)
        {
            // A step too quick to be seen running between two progress prints counts as at the end.
            seen.TryAdd(line, total);
        }
        return code == 0 ? (total, seen) : throw new InvalidOperationException($"the uninterrupted setup failed:\n{run.Output}");
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}
