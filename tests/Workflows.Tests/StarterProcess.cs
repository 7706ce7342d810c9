using System.Diagnostics;
using System.Globalization;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// The Starter as a user runs it: <c>dotnet starter.dll ...</c> in a process of its own, its
/// output captured line by line, killed with SIGKILL (<c>kill -9</c> of its pid) to play a crash.
/// Shared by the Starter tests and the resume bench (linked there).
/// </summary>
internal sealed class StarterProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private StarterProcess(Process process) => _process = process;

    /// <summary>The dev setup on the embedded sandbox (<c>starter run setup --env=dev --sandbox</c>) with <paramref name="root"/> as repository and <c>.local/</c>.</summary>
    public static StarterProcess Setup(string root, int temporalPort, int? sandboxPort = null, double timeScale = 0.05) =>
        Start(root, temporalPort, sandboxPort, "run", "setup", "--env=dev", "--sandbox", "--time-scale=" + timeScale.ToString(CultureInfo.InvariantCulture));

    public static StarterProcess Start(string root, int temporalPort, int? sandboxPort, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "starter.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CODER_BOOTSTRAP_ROOT"] = root;
        start.Environment["TEMPORAL_PORT"] = temporalPort.ToString(CultureInfo.InvariantCulture);
        start.Environment.Remove("TEMPORAL_ADDRESS");
        if (sandboxPort is { } port)
        {
            start.Environment["SANDBOX_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        }
        var starter = new StarterProcess(Process.Start(start)!);
        starter._process.OutputDataReceived += (_, e) => starter.Add(e.Data);
        starter._process.ErrorDataReceived += (_, e) => starter.Add(e.Data);
        starter._process.BeginOutputReadLine();
        starter._process.BeginErrorReadLine();
        return starter;
    }

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line printed so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public string Output => string.Join('\n', Lines);

    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' not seen; output so far:\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the exit (throws TimeoutException, with the output, past <paramref name="timeout"/>).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the Starter did not exit within {timeout}; output so far:\n{Output}");
        }
        // The asynchronous readers may still hold the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGKILL, as <c>kill -9</c> does: with <paramref name="entireProcessTree"/> false only the
    /// Starter dies (its children, e.g. a hook, are not signalled); true also kills every descendant.
    /// </summary>
    public async Task KillAsync(bool entireProcessTree = false)
    {
        _process.Kill(entireProcessTree);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
