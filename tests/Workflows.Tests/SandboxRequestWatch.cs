using System.Net.Http.Json;
using System.Text.Json.Serialization;
using CoderBootstrap.Sandbox.Runtime;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// Follows the request log of a sandbox in another process (a Starter's, on <c>SANDBOX_PORT</c>)
/// through its admin API (<c>GET /sandbox/requests?since=</c>), keeping every entry seen, so a
/// test can act at a point of the run and count the calls after the process is gone. A sandbox
/// that is not up (yet, or any more) is simply not read. One watch per sandbox process (a
/// restarted sandbox numbers its requests from 1 again).
/// </summary>
internal sealed class SandboxRequestWatch : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly List<RequestLogEntry> _entries = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _since;

    public SandboxRequestWatch(int sandboxPort)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sandboxPort}"), Timeout = TimeSpan.FromSeconds(5) };
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Every entry read so far, in order.</summary>
    public IReadOnlyList<RequestLogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    /// <summary>Waits until an entry matching <paramref name="match"/> was read.</summary>
    public async Task<RequestLogEntry> WaitForAsync(Func<RequestLogEntry, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Entries.FirstOrDefault(match) is { } entry)
            {
                return entry;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no such sandbox request within {timeout}; {Entries.Count} seen, the last: "
                    + string.Join(", ", Entries.TakeLast(10).Select(e => e.Operation)));
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                long since;
                lock (_entries)
                {
                    since = _since;
                }
                var page = await _http.GetFromJsonAsync<RequestPage>($"/sandbox/requests?since={since}", _stop.Token);
                lock (_entries)
                {
                    if (page?.Requests is { Count: > 0 } requests)
                    {
                        _entries.AddRange(requests);
                        _since = requests[^1].Sequence;
                    }
                }
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // Not up, or gone with a killed Starter.
                await Task.Delay(50);
            }
        }
    }

    private sealed record RequestPage([property: JsonPropertyName("requests")] List<RequestLogEntry> Requests);
}
