namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>
/// A fact that needs Debian's chromium (never downloaded) and npm (to build the UI from its lock
/// file); skipped, saying which is missing, only when one is not installed.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserSession.ChromiumPath is null)
        {
            Skip = "chromium is not installed (apt-get install chromium; scripts/prerequisites.sh does it as root)";
        }
        else if (!OnPath("npm"))
        {
            Skip = "npm is not installed (the web UI is built with npm ci from its package-lock.json)";
        }
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
}
