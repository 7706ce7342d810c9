using CoderBootstrap.Activities.Runtime;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Runtime;

public sealed class ActivityRunTests
{
    [Fact]
    public async Task PollHeartbeatsTheProgressOfEveryUnfinishedPollButNotTheLast()
    {
        var beats = new List<string>();
        var environment = new ActivityEnvironment { Heartbeater = details => beats.AddRange(details.Select(d => d?.ToString() ?? "")) };
        var polls = 0;

        var result = await environment.RunAsync(() => ActivityRun.PollAsync(TimeSpan.FromMilliseconds(1), _ =>
            Task.FromResult(++polls < 3 ? Poll<int>.Pending($"poll {polls}") : Poll<int>.Finished(polls))));

        Assert.Equal(3, result);
        Assert.Equal(["poll 1", "poll 2"], beats);
    }

    [Fact]
    public async Task PollStopsWhenTheActivityIsCancelled()
    {
        var environment = new ActivityEnvironment();
        var polls = 0;

        var poll = environment.RunAsync(() => ActivityRun.PollAsync(TimeSpan.FromMilliseconds(5), _ =>
        {
            if (++polls == 2)
            {
                environment.Cancel();
            }
            return Task.FromResult(Poll<int>.Pending("waiting"));
        }));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        Assert.InRange(polls, 2, 3);
    }

    [Fact]
    public void APermanentFailureCarriesItsKindAsErrorTypeAndAOneLineMessage()
    {
        var failure = ActivityFailure.Permanent(FailureKind.QuotaExceeded, "quota\nexceeded ");

        Assert.True(failure.NonRetryable);
        Assert.Equal(ErrorTypes.QuotaExceeded, failure.ErrorType);
        Assert.Equal("quota exceeded", failure.Message);
    }
}
