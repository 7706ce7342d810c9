namespace CoderBootstrap.Sandbox.Tests.Support;

/// <summary>A clock tests move by hand, so time-based state (import jobs, expiries) is observed deterministically.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
