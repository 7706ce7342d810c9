namespace CoderBootstrap.Backup.Bench;

/// <summary>This process's resident memory from /proc (Linux): the peak can be reset so that it covers one phase only.</summary>
internal sealed class ProcessMemory : IDisposable
{
    private readonly Timer _sampler;
    private long _sampledPeak;

    private ProcessMemory()
    {
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Starts watching after resetting the kernel's high-water mark (writing 5 to clear_refs); false in <paramref name="peakReset"/> when the kernel refused.</summary>
    public static ProcessMemory StartPhase(out bool peakReset)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            peakReset = true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            peakReset = false;
        }

        return new ProcessMemory();
    }

    /// <summary>The larger of the kernel's high-water mark (VmHWM) and the sampled VmRSS, in bytes.</summary>
    public long PeakBytes
    {
        get
        {
            Sample();
            return Math.Max(Interlocked.Read(ref _sampledPeak), StatusBytes("self", "VmHWM:"));
        }
    }

    public void Dispose() => _sampler.Dispose();

    private void Sample()
    {
        var current = StatusBytes("self", "VmRSS:");
        long seen;
        while (current > (seen = Interlocked.Read(ref _sampledPeak)) && Interlocked.CompareExchange(ref _sampledPeak, current, seen) != seen)
        {
        }
    }

    /// <summary>A kB field of <c>/proc/{process}/status</c> (VmRSS, VmHWM), in bytes.</summary>
    public static long StatusBytes(string process, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
