using System.Globalization;

namespace CoderBootstrap.DevServer.Hosting;

/// <summary>
/// Parses the command line of <c>temporal server start-dev</c> (the subset the SDKs and people use),
/// so that <c>WorkflowEnvironment.StartLocalAsync</c> can launch this executable as its dev server.
/// </summary>
public static class DevServerCommandLine
{
    public const string Usage = """
        usage: temporal-devserver [server start-dev] [options]
          --ip ADDRESS                 address to bind (default 127.0.0.1)
          -p, --port PORT              gRPC port (default 7233; 0 picks a free port)
          -n, --namespace NAME         extra namespace to create (repeatable; 'default' always exists)
          -f, --db-filename FILE       SQLite file keeping all state across restarts (default: in memory)
          --log-level LEVEL            debug|info|warn|error|fatal|never (default warn)
          --log-format FORMAT          pretty|json (default pretty)
          --headless                   no web UI
          --ui-port PORT               web UI and HTTP API port (default: gRPC port + 1000)
          --ui-ip ADDRESS              address the web UI binds (default: --ip)
          --ui-asset-path DIR          an already built web UI (default: built at first use into .local/devserver-ui)
          --search-attribute KEY=TYPE  custom search attribute to register (repeatable; TYPE: Keyword, Text, Int, Double, Bool, Datetime, KeywordList)
          --dynamic-config-value K=V   accepted for compatibility
          --tls-cert FILE              serve TLS with this PEM certificate (with --tls-key)
          --tls-key FILE               PEM private key of --tls-cert
          --tls-client-ca FILE         require client certificates issued by this PEM CA (mTLS)
        """;

    public static DevServerOptions Parse(IReadOnlyList<string> args)
    {
        var list = args.ToList();
        if (list.Count >= 2 && list[0] == "server" && list[1] == "start-dev")
        {
            list.RemoveRange(0, 2);
        }
        var options = new DevServerOptions { Port = 7233, Headless = false };
        var namespaces = new List<string>();
        var searchAttributes = new List<string>();
        var dynamic = new List<string>();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }
                if (i + 1 >= list.Count)
                {
                    throw new FormatException($"option {arg} needs a value");
                }
                return list[++i];
            }
            switch (arg)
            {
                case "--ip":
                    options = options with { Ip = Value() };
                    break;
                case "-p" or "--port":
                    options = options with { Port = ParsePort(arg, Value()) };
                    break;
                case "-n" or "--namespace":
                    namespaces.Add(Value());
                    break;
                case "-f" or "--db-filename":
                    options = options with { DbFilename = Value() };
                    break;
                case "--log-level":
                    options = options with { LogLevel = Value() };
                    break;
                case "--log-format":
                    var format = Value();
                    options = format is "pretty" or "json" or "text"
                        ? options with { LogFormat = format }
                        : throw new FormatException($"--log-format must be pretty or json, got '{format}'");
                    break;
                case "--headless":
                    options = options with { Headless = true };
                    break;
                case "--ui-port":
                    options = options with { UiPort = ParsePort(arg, Value()) };
                    break;
                case "--ui-ip":
                    options = options with { UiIp = Value() };
                    break;
                case "--ui-asset-path":
                    options = options with { UiAssetPath = Value() };
                    break;
                case "--ui-codec-endpoint" or "--http-port" or "--metrics-port" or "--config" or "-c" or "--sqlite-pragma":
                    Value();
                    break;
                case "--search-attribute":
                    var definition = Value();
                    Engine.SearchAttributeRegistry.ParseDefinition(definition);
                    searchAttributes.Add(definition);
                    break;
                case "--dynamic-config-value":
                    dynamic.Add(Value());
                    break;
                case "--tls-cert":
                    options = options with { TlsCertificateFile = Value() };
                    break;
                case "--tls-key":
                    options = options with { TlsKeyFile = Value() };
                    break;
                case "--tls-client-ca":
                    options = options with { TlsClientCaFile = Value() };
                    break;
                default:
                    throw new FormatException($"unknown option '{list[i]}'");
            }
        }
        if ((options.TlsCertificateFile is null) != (options.TlsKeyFile is null) || (options.TlsClientCaFile is not null && options.TlsCertificateFile is null))
        {
            throw new FormatException("--tls-cert and --tls-key go together, and --tls-client-ca needs them");
        }
        return options with { Namespaces = namespaces, SearchAttributes = searchAttributes, DynamicConfigValues = dynamic };
    }

    private static int ParsePort(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new FormatException($"{option} must be a port number (0-65535), got '{value}'");
}
