using System.Diagnostics;
using System.Text;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// One running pg_dump or pg_restore: its standard streams, the tail of its error output (kept for
/// the failure message, with the password masked should a tool ever echo it), killed when disposed
/// before it exited.
/// </summary>
internal sealed class PostgresToolProcess : IAsyncDisposable
{
    private const int ErrorTailCharacters = 4096;

    private readonly Process _process;
    private readonly string _tool;
    private readonly string _password;
    private readonly StringBuilder _errorTail = new();
    private readonly Task _errorReader;
    private readonly Task _outputDrain;

    private PostgresToolProcess(string tool, Process process, string password, bool drainsOutput)
    {
        _tool = tool;
        _process = process;
        _password = password;
        _errorReader = ReadErrorsAsync();
        _outputDrain = drainsOutput ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null) : Task.CompletedTask;
    }

    public static PostgresToolProcess Start(string tool, ProcessStartInfo start, string password)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        // pg_dump's standard output is the dump; pg_restore's (with -d) is only chatter to discard.
        return new PostgresToolProcess(tool, process, password, drainsOutput: start.RedirectStandardInput);
    }

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    public Stream StandardInput => _process.StandardInput.BaseStream;

    public string ErrorTail
    {
        get
        {
            lock (_errorTail)
            {
                var text = _errorTail.ToString().Trim();
                return _password.Length == 0 ? text : text.Replace(_password, "***", StringComparison.Ordinal);
            }
        }
    }

    /// <summary>Waits for the exit; throws <see cref="PostgresToolException"/> on a non-zero exit code.</summary>
    public async Task WaitForSuccessAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _errorReader.ConfigureAwait(false);
        await _outputDrain.ConfigureAwait(false);
        if (_process.ExitCode != 0)
        {
            throw new PostgresToolException(_tool, _process.ExitCode, ErrorTail);
        }
    }

    /// <summary>The tool's own failure when it has exited with an error, else null.</summary>
    public async Task<PostgresToolException?> ExitFailureAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await WaitForSuccessAsync(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (PostgresToolException failure)
        {
            return failure;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(_errorReader, _outputDrain).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The pipes broke with the kill.
        }

        _process.Dispose();
    }

    private async Task ReadErrorsAsync()
    {
        var buffer = new char[1024];
        var reader = _process.StandardError;
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (_errorTail)
            {
                _errorTail.Append(buffer, 0, read);
                if (_errorTail.Length > ErrorTailCharacters)
                {
                    _errorTail.Remove(0, _errorTail.Length - ErrorTailCharacters);
                }
            }
        }
    }
}
