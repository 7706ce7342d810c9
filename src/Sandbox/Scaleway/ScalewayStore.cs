using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Scaleway.Model;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The emulated resources, guarded by one lock and saved to the state store after each change.</summary>
public sealed class ScalewayStore
{
    public const string StateKey = "scaleway";

    private readonly ISandboxRuntime _runtime;
    private readonly Lock _gate = new();
    private ScalewayState _state;

    public ScalewayStore(ISandboxRuntime runtime, SandboxTimings timings)
    {
        _runtime = runtime;
        Timings = timings;
        _state = runtime.State.Load<ScalewayState>(StateKey) ?? new ScalewayState();
    }

    public SandboxTimings Timings { get; }

    public DateTimeOffset Now => _runtime.Time.GetUtcNow();

    /// <summary>The moment a realistic delay from now ends, under the current time scale.</summary>
    public DateTimeOffset After(TimeSpan realisticDelay) => Now + _runtime.Scale(realisticDelay);

    public TimeSpan Scaled(TimeSpan realisticDelay) => _runtime.Scale(realisticDelay);

    public T Read<T>(Func<ScalewayState, T> read)
    {
        lock (_gate)
        {
            return read(_state);
        }
    }

    public T Write<T>(Func<ScalewayState, T> write)
    {
        lock (_gate)
        {
            try
            {
                return write(_state);
            }
            finally
            {
                _runtime.State.Save(StateKey, _state);
            }
        }
    }

    public void Write(Action<ScalewayState> write) => Write(state =>
    {
        write(state);
        return true;
    });

    public ScalewayState Wipe() => Write(state =>
    {
        var previous = _state;
        _state = new ScalewayState();
        return previous;
    });
}
