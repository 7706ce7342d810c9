using System.Runtime.InteropServices;

namespace CoderBootstrap.Activities.Setup;

/// <summary>
/// Signals a whole process group (a hook started with setsid leads its own group, whose id is its
/// pid), so the children a hook spawned die with it.
/// </summary>
internal static class ProcessGroup
{
    private const int SignalKill = 9;
    private const int SignalProbe = 0;

    /// <summary>setsid(1) starts the hook as leader of a new session and process group; null where it is missing.</summary>
    public static string? SetsidPath { get; } = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>Kills every process left in the group; false when none was.</summary>
    public static bool KillAll(int groupId) => groupId > 1 && !OperatingSystem.IsWindows() && Kill(-groupId, SignalKill) == 0;

    public static bool IsAlive(int groupId) => groupId > 1 && !OperatingSystem.IsWindows() && Kill(-groupId, SignalProbe) == 0;

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, and kill(2) takes only ints.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
