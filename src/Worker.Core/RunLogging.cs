using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace CoderBootstrap.Worker;

/// <summary>
/// Serilog set-up of a worker: one file per workflow run under <c>logs/</c>
/// (<c>logs/&lt;workflow id&gt;/&lt;run id&gt;.log</c>), every line enriched with environment, workflow
/// and run id; lines outside any run (the SDK's own) go to <c>logs/&lt;default key&gt;.log</c>; a console
/// copy only when a writer is given.
/// </summary>
public static class RunLogging
{
    private const string Template = "{Timestamp:HH:mm:ss.fff} {Level:u3} [{Environment} {WorkflowId} {Activity}] {Message:lj}{NewLine}{Exception}";

    public static LoggerConfiguration Configure(LoggerConfiguration configuration, string logsDirectory, TextWriter? console, string defaultKey = "host",
        LogEventLevel consoleLevel = LogEventLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Temporalio", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Map("RunKey", defaultKey, (key, sink) => sink.File(Path.Combine(logsDirectory, $"{key}.log"), outputTemplate: Template, shared: true));
        if (console is not null)
        {
            configuration.WriteTo.Sink(new WriterSink(console, new MessageTemplateTextFormatter(Template)), consoleLevel);
        }
        return configuration.Enrich.With(new RunKeyEnricher());
    }

    /// <summary>Derives the per-run file name from the workflow and run ids in the log context.</summary>
    private sealed class RunKeyEnricher : Serilog.Core.ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, Serilog.Core.ILogEventPropertyFactory propertyFactory)
        {
            if (logEvent.Properties.TryGetValue("WorkflowId", out var workflow) && logEvent.Properties.TryGetValue("RunId", out var run))
            {
                var key = $"{Clean(workflow)}/{Clean(run)}";
                logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty("RunKey", key));
            }
        }

        private static string Clean(LogEventPropertyValue value)
        {
            var text = value is ScalarValue { Value: string s } ? s : value.ToString();
            return string.Concat(text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        }
    }

    private sealed class WriterSink : Serilog.Core.ILogEventSink
    {
        private readonly TextWriter _writer;
        private readonly ITextFormatter _formatter;

        public WriterSink(TextWriter writer, ITextFormatter formatter)
        {
            _writer = writer;
            _formatter = formatter;
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_writer)
            {
                _formatter.Format(logEvent, _writer);
                _writer.Flush();
            }
        }
    }
}
