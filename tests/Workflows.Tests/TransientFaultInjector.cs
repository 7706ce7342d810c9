using System.Net.Http.Json;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Sandbox.Runtime;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// Answers about every third HTTP call of each API family (Scaleway products, Kubernetes, Coder,
/// S3) with 429 or 503, through the sandbox's admin API: after two answered calls of a family it
/// arms a one-shot fault (POST /sandbox/faults) on the operation just seen, so its next call
/// fails. Only calls of clients count, never the sandbox's own work (Coder's template import,
/// whose failure is a template error, not a transient one). When the sandbox's probability fault mode lands, <see
/// cref="StartAsync"/> becomes one POST per family (status, probability 0.3, seed) and no loop.
/// </summary>
internal sealed class TransientFaultInjector : IAsyncDisposable
{
    public static readonly string[] Families = ["vpc.", "k8s.", "rdb.", "lb.", "instance.", "coder.", "s3."];

    private const string SandboxInternalOperation = "coder.templateversions.import";

    private readonly SandboxHost _sandbox;
    private readonly HttpClient _admin = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _answeredSinceFault = [];
    private Task? _loop;
    private long _lastSequence;
    private int _armed;

    private TransientFaultInjector(SandboxHost sandbox) => _sandbox = sandbox;

    public static TransientFaultInjector Start(SandboxHost sandbox)
    {
        var injector = new TransientFaultInjector(sandbox);
        injector._loop = Task.Run(() => injector.RunAsync(injector._stop.Token));
        return injector;
    }

    /// <summary>Names of the operations answered with an injected fault, once per call.</summary>
    public IReadOnlyList<string> FaultedOperations() =>
        _sandbox.Runtime.GetRequestLog().Where(e => e.Faulted && e.Operation is not null).Select(e => e.Operation!).ToList();

    /// <summary>The share of the clients' calls that were refused.</summary>
    public double FaultedShare()
    {
        var calls = _sandbox.Runtime.GetRequestLog()
            .Where(e => e.Operation is { } op && op != SandboxInternalOperation && Families.Any(f => op.StartsWith(f, StringComparison.Ordinal)))
            .ToList();
        return calls.Count == 0 ? 0 : (double)calls.Count(e => e.Faulted) / calls.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop!;
        using var cleared = await _admin.DeleteAsync(new Uri(_sandbox.AdminUrl.TrimEnd('/') + "/faults"));
        _admin.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var entry in _sandbox.Runtime.GetRequestLog(afterSequence: _lastSequence))
            {
                _lastSequence = Math.Max(_lastSequence, entry.Sequence);
                var family = Families.FirstOrDefault(f => entry.Operation?.StartsWith(f, StringComparison.Ordinal) == true);
                if (family is null || entry.Faulted || entry.Operation == SandboxInternalOperation)
                {
                    continue;
                }
                var answered = _answeredSinceFault.GetValueOrDefault(family) + 1;
                if (answered < 2)
                {
                    _answeredSinceFault[family] = answered;
                    continue;
                }
                _answeredSinceFault[family] = 0;
                await ArmAsync(entry.Operation!, stop);
            }
            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task ArmAsync(string operation, CancellationToken stop)
    {
        var status = _armed++ % 2 == 0 ? 429 : 503;
        var fault = new SandboxFaultRule { Operation = operation, Status = status, Message = status == 503 ? "injected: service unavailable" : null, Count = 1 };
        try
        {
            using var response = await _admin.PostAsJsonAsync(new Uri(_sandbox.AdminUrl.TrimEnd('/') + "/faults"), fault, stop);
            response.EnsureSuccessStatusCode();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
