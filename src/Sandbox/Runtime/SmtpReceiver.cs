using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>One message the receiver accepted: envelope, the user it authenticated as (the password stays in process), decoded subject and body.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string? AuthUser, string? AuthPassword, string Subject, string Body, string Raw, DateTimeOffset Time);

/// <summary>
/// An SMTP relay tests can read, on a loopback port of its own (plain text, no TLS): EHLO/HELO,
/// AUTH LOGIN and PLAIN (any credentials accepted, and recorded), MAIL, RCPT, DATA, RSET, NOOP,
/// QUIT. Subjects in RFC 2047 encoded words and base64 or quoted-printable bodies are decoded.
/// <c>GET /sandbox/smtp/messages</c> lists what arrived (without passwords).
/// </summary>
public sealed partial class SmtpReceiver : IAsyncDisposable
{
    private readonly List<ReceivedMail> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _accepting;

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedMail> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToList();
            }
        }
    }

    public static SmtpReceiver Start(int port = 0)
    {
        var receiver = new SmtpReceiver();
        receiver._listener = new TcpListener(IPAddress.Loopback, port);
        receiver._listener.Start();
        receiver.Port = ((IPEndPoint)receiver._listener.LocalEndpoint).Port;
        receiver._accepting = receiver.AcceptAsync(receiver._stop.Token);
        return receiver;
    }

    public void Map(IEndpointRouteBuilder endpoints, string prefix) =>
        endpoints.MapGet(prefix + "/smtp/messages", () => Results.Json(new
        {
            port = Port,
            messages = Messages.Select(m => new { from = m.From, to = m.To, auth_user = m.AuthUser, subject = m.Subject, body = m.Body, time = m.Time }).ToList(),
        }));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener!.AcceptTcpClientAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client, ct), ct);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await new Session(reader, writer, Accept).RunAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away: nothing to record.
            }
        }
    }

    private void Accept(ReceivedMail mail)
    {
        lock (_messages)
        {
            _messages.Add(mail);
        }
    }

    /// <summary>Splits a message at its first blank line and decodes the subject and body.</summary>
    public static (string Subject, string Body) Decode(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = split < 0 ? raw : raw[..split];
        var body = split < 0 ? string.Empty : raw[(split + 4)..];
        // Unfold continuation lines, then read the headers we need.
        var headers = FoldedLine().Replace(headerText, " ").Split("\r\n")
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var subject = headers.TryGetValue("Subject", out var s) ? DecodeWords(s) : string.Empty;
        var encoding = headers.TryGetValue("Content-Transfer-Encoding", out var e) ? e.ToLowerInvariant() : "7bit";
        var decoded = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
            "quoted-printable" => Encoding.UTF8.GetString(QuotedPrintable(body.Replace("=\r\n", string.Empty, StringComparison.Ordinal))),
            _ => body,
        };
        return (subject, decoded);
    }

    private static string DecodeWords(string value) => EncodedWord().Replace(FoldedWords().Replace(value, "?= =?"), m =>
    {
        var charset = Encoding.GetEncoding(m.Groups["charset"].Value);
        var text = m.Groups["text"].Value;
        return m.Groups["kind"].Value.ToUpperInvariant() == "B"
            ? charset.GetString(Convert.FromBase64String(text))
            : charset.GetString(QuotedPrintable(text.Replace('_', ' ')));
    }).Replace("?= =?", string.Empty, StringComparison.Ordinal);

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"\r\n[ \t]+")]
    private static partial Regex FoldedLine();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex FoldedWords();

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<kind>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();

    /// <summary>One SMTP conversation.</summary>
    private sealed class Session(StreamReader reader, StreamWriter writer, Action<ReceivedMail> accept)
    {
        private string? _from;
        private readonly List<string> _to = [];
        private string? _user;
        private string? _password;

        public async Task RunAsync(CancellationToken ct)
        {
            await writer.WriteLineAsync("220 sandbox SMTP receiver ready").ConfigureAwait(false);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : string.Empty;
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sandbox").ConfigureAwait(false);
                        await writer.WriteLineAsync("250-AUTH LOGIN PLAIN").ConfigureAwait(false);
                        await writer.WriteLineAsync("250 OK").ConfigureAwait(false);
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 sandbox").ConfigureAwait(false);
                        break;
                    case "AUTH":
                        await AuthenticateAsync(argument, ct).ConfigureAwait(false);
                        break;
                    case "MAIL":
                        _from = Address(argument);
                        _to.Clear();
                        await writer.WriteLineAsync("250 OK").ConfigureAwait(false);
                        break;
                    case "RCPT":
                        _to.Add(Address(argument));
                        await writer.WriteLineAsync("250 OK").ConfigureAwait(false);
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>").ConfigureAwait(false);
                        var raw = await ReadDataAsync(ct).ConfigureAwait(false);
                        var (subject, body) = Decode(raw);
                        accept(new ReceivedMail(_from ?? string.Empty, _to.ToList(), _user, _password, subject, body, raw, DateTimeOffset.UtcNow));
                        await writer.WriteLineAsync("250 OK: queued").ConfigureAwait(false);
                        break;
                    case "RSET":
                        _from = null;
                        _to.Clear();
                        await writer.WriteLineAsync("250 OK").ConfigureAwait(false);
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK").ConfigureAwait(false);
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye").ConfigureAwait(false);
                        return;
                    default:
                        await writer.WriteLineAsync("502 command not implemented").ConfigureAwait(false);
                        break;
                }
            }
        }

        private async Task AuthenticateAsync(string argument, CancellationToken ct)
        {
            var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : string.Empty;
            if (mechanism == "PLAIN")
            {
                var initial = parts.Length > 1 ? parts[1] : await ChallengeAsync(string.Empty, ct).ConfigureAwait(false);
                var fields = FromBase64(initial).Split('\0');
                (_user, _password) = fields.Length == 3 ? (fields[1], fields[2]) : (null, null);
            }
            else if (mechanism == "LOGIN")
            {
                _user = FromBase64(parts.Length > 1 ? parts[1] : await ChallengeAsync("VXNlcm5hbWU6", ct).ConfigureAwait(false));
                _password = FromBase64(await ChallengeAsync("UGFzc3dvcmQ6", ct).ConfigureAwait(false));
            }
            else
            {
                await writer.WriteLineAsync("504 unrecognized authentication type").ConfigureAwait(false);
                return;
            }
            await writer.WriteLineAsync("235 2.7.0 authentication successful").ConfigureAwait(false);
        }

        private async Task<string> ChallengeAsync(string prompt, CancellationToken ct)
        {
            await writer.WriteLineAsync("334 " + prompt).ConfigureAwait(false);
            return await reader.ReadLineAsync(ct).ConfigureAwait(false) ?? string.Empty;
        }

        private async Task<string> ReadDataAsync(CancellationToken ct)
        {
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line && line != ".")
            {
                data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
            }
            return data.ToString();
        }

        private static string FromBase64(string value) => Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim()));

        private static string Address(string argument)
        {
            var start = argument.IndexOf('<', StringComparison.Ordinal);
            var end = argument.IndexOf('>', StringComparison.Ordinal);
            return start >= 0 && end > start ? argument[(start + 1)..end] : argument;
        }
    }
}
