using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;
using CoderBootstrap.Activities.Tests.Coder;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Setup;

[Collection(SandboxPhase1Collection.Name)]
public sealed class HookTests
{
    private readonly SandboxPhase1Fixture _fixture;

    public HookTests(SandboxPhase1Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task AnAbsentHookIsSkipped()
    {
        var result = await RunAsync(new HookInput("dev", "not-there", null, null));

        Assert.False(result.Ran);
        Assert.Equal("not-there", result.Hook);
    }

    [Fact]
    public async Task AHookReceivesTheSpecificationsVariablesAndNotTheWorkersCredentials()
    {
        WriteHook("vars-hook", """
            echo "ENVIRONMENT=$ENVIRONMENT"
            echo "TEMPLATE=$TEMPLATE"
            echo "PROJECT_ROOT=$PROJECT_ROOT"
            echo "CODER_URL=$CODER_URL"
            echo "SECRET=${SCW_SECRET_KEY:-unset}"
            """);

        var result = await RunAsync(new HookInput("dev", "vars-hook", "http://127.0.0.1:1234", "java-spring"));

        Assert.True(result.Ran);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ENVIRONMENT=dev", result.OutputTail);
        Assert.Contains("TEMPLATE=java-spring", result.OutputTail);
        Assert.Contains("PROJECT_ROOT=" + _fixture.RepositoryRoot, result.OutputTail);
        Assert.Contains("CODER_URL=http://127.0.0.1:1234", result.OutputTail);
        Assert.Contains("SECRET=unset", result.OutputTail);
    }

    [Fact]
    public async Task AHookGetsAPrivateKubeconfigThatIsDeletedAfterwards()
    {
        WriteHook("kube-hook", """
            echo "KUBECONFIG=$KUBECONFIG"
            echo "MODE=$(stat -c %a "$KUBECONFIG")"
            grep -q '^kind: Config' "$KUBECONFIG" && echo "KIND=ok"
            """);

        var result = await RunAsync(new HookInput("dev", "kube-hook", null, null));

        var path = result.OutputTail.Split('\n').Single(l => l.StartsWith("KUBECONFIG=", StringComparison.Ordinal))["KUBECONFIG=".Length..];
        Assert.Contains("MODE=600", result.OutputTail);
        Assert.Contains("KIND=ok", result.OutputTail);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task AHookBeforePhase1GetsAnEmptyKubeconfigVariable()
    {
        WriteHook("early-hook", "echo \"KUBECONFIG=[${KUBECONFIG}]\"");

        var result = await RunAsync(new HookInput("qa", "early-hook", null, null));

        Assert.Contains("KUBECONFIG=[]", result.OutputTail);
    }

    [Fact]
    public async Task AHookPrintingItsKubeconfigHasTheTokenMaskedInResultAndLog()
    {
        WriteHook("leaky-hook", "cat \"$KUBECONFIG\"");
        var kubeconfig = (await _fixture.Services.Kubeconfigs.DownloadAsync("dev"))!;
        var token = kubeconfig.Split('\n').Single(l => l.Trim().StartsWith("token:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();

        var result = await RunAsync(new HookInput("dev", "leaky-hook", null, null));

        Assert.Contains("token: ***", result.OutputTail);
        Assert.DoesNotContain(token, result.OutputTail);
        Assert.DoesNotContain(_fixture.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailingHookFailsNonRetryableWithItsLastOutputLines()
    {
        WriteHook("failing-hook", """
            echo "checking quota"
            echo "quota too low" >&2
            exit 3
            """);

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => RunAsync(new HookInput("dev", "failing-hook", null, null)));

        Assert.Equal(ErrorTypes.HookFailed, error.ErrorType);
        Assert.True(error.NonRetryable);
        Assert.Contains("exit code 3", error.Message);
        Assert.Contains("quota too low", error.Message);
    }

    [Fact]
    public async Task AHookRunningPastItsTimeoutIsKilledAndFails()
    {
        WriteHook("slow-hook", """
            echo "starting"
            sleep 60
            """);
        using var services = _fixture.CreateServices(_fixture.Variables, hookTimeout: TimeSpan.FromSeconds(1));
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            new ActivityEnvironment().RunAsync(() => new PhaseTwoActivities(services).RunHookAsync(new HookInput("dev", "slow-hook", null, null))));

        Assert.Equal(ErrorTypes.HookFailed, error.ErrorType);
        Assert.Contains("timed out", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(50));
    }

    [Fact]
    public async Task AHookNameWithAPathIsRefused()
    {
        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => RunAsync(new HookInput("dev", "../evil", null, null)));

        Assert.Equal(ErrorTypes.InvalidArguments, error.ErrorType);
    }

    [Fact]
    public async Task HookOutputIsCapturedIntoTheLog()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        WriteHook("logging-hook", $"echo {marker}");

        await RunAsync(new HookInput("dev", "logging-hook", null, null));

        Assert.Contains(_fixture.Logs.Lines, line => line.Contains(marker, StringComparison.Ordinal));
    }

    private Task<HookResult> RunAsync(HookInput input) =>
        new ActivityEnvironment().RunAsync(() => new PhaseTwoActivities(_fixture.Services).RunHookAsync(input));

    private void WriteHook(string name, string body) =>
        File.WriteAllText(Path.Combine(_fixture.RepositoryRoot, "hooks", name + ".sh"), "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n");
}
