using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using Temporalio.Runtime;

namespace CoderBootstrap.Worker;

/// <summary>
/// The SDK core writes its own log lines (poll errors, heartbeat warnings) to the console unless
/// they are forwarded. Every client of this process uses <see cref="Runtime"/>, which forwards them to
/// the Serilog logger given to <see cref="RouteTo"/>: into the run's log file, and to the console
/// only when that logger has a console sink (the Starter's <c>--verbose</c>, the Worker host).
/// </summary>
public static class SdkLogging
{
    private static readonly ForwardingLogger Forwarder = new();

    // One runtime per process: a TemporalRuntime owns native threads and cannot be disposed.
    private static readonly Lazy<TemporalRuntime> SharedRuntime = new(() => new TemporalRuntime(new TemporalRuntimeOptions(new TelemetryOptions
    {
        Logging = new LoggingOptions(new TelemetryFilterOptions(TelemetryFilterOptions.Level.Warn, TelemetryFilterOptions.Level.Warn))
        {
            Forwarding = new LogForwardingOptions { Logger = Forwarder },
        },
    })));

    public static TemporalRuntime Runtime => SharedRuntime.Value;

    /// <summary>Sends the SDK's lines to <paramref name="logger"/> until the returned handle is disposed.</summary>
    public static IDisposable RouteTo(Serilog.ILogger logger)
    {
        var factory = new SerilogLoggerFactory(logger);
        var target = factory.CreateLogger("Temporalio.Core");
        var previous = Forwarder.Swap(target);
        return new Route(factory, target, previous);
    }

    /// <summary>A logger factory over <paramref name="logger"/> for the SDK's client and worker (workflow and activity loggers).</summary>
    public static ILoggerFactory LoggerFactory(Serilog.ILogger logger) => new SerilogLoggerFactory(logger);

    private sealed class Route : IDisposable
    {
        private readonly SerilogLoggerFactory _factory;
        private readonly ILogger _target;
        private readonly ILogger _previous;

        public Route(SerilogLoggerFactory factory, ILogger target, ILogger previous)
        {
            _factory = factory;
            _target = target;
            _previous = previous;
        }

        public void Dispose()
        {
            // Only when no later route replaced this one (a Starter that took over routes to its new logger first).
            Forwarder.Restore(_target, _previous);
            _factory.Dispose();
        }
    }

    private sealed class ForwardingLogger : ILogger
    {
        private ILogger _target = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public ILogger Swap(ILogger target) => Interlocked.Exchange(ref _target, target);

        public void Restore(ILogger current, ILogger previous) => Interlocked.CompareExchange(ref _target, previous, current);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => Volatile.Read(ref _target).BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Volatile.Read(ref _target).IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Volatile.Read(ref _target).Log(logLevel, eventId, state, exception, formatter);
    }
}
