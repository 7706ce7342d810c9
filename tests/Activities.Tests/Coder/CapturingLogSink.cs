using Serilog.Core;
using Serilog.Events;

namespace CoderBootstrap.Activities.Tests.Coder;

/// <summary>Keeps every rendered log line (with its properties) so tests can search them for secrets.</summary>
public sealed class CapturingLogSink : ILogEventSink
{
    private readonly List<string> _lines = [];

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

    public void Emit(LogEvent logEvent)
    {
        var line = logEvent.RenderMessage() + " " + string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"))
            + (logEvent.Exception is null ? string.Empty : " " + logEvent.Exception);
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
