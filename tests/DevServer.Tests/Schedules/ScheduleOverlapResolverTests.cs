using CoderBootstrap.DevServer.Schedules;
using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Tests.Schedules;

public class ScheduleOverlapResolverTests
{
    [Theory]
    [InlineData(ScheduleOverlapPolicy.Skip, false, 0, ScheduleOverlapDecision.StartNow)]
    [InlineData(ScheduleOverlapPolicy.Skip, true, 0, ScheduleOverlapDecision.Skip)]
    [InlineData(ScheduleOverlapPolicy.Unspecified, true, 0, ScheduleOverlapDecision.Skip)]
    [InlineData(ScheduleOverlapPolicy.Unspecified, false, 0, ScheduleOverlapDecision.StartNow)]
    [InlineData(ScheduleOverlapPolicy.BufferOne, true, 0, ScheduleOverlapDecision.Buffer)]
    [InlineData(ScheduleOverlapPolicy.BufferOne, true, 1, ScheduleOverlapDecision.Skip)]
    [InlineData(ScheduleOverlapPolicy.BufferOne, false, 1, ScheduleOverlapDecision.Buffer)]
    [InlineData(ScheduleOverlapPolicy.BufferAll, true, 0, ScheduleOverlapDecision.Buffer)]
    [InlineData(ScheduleOverlapPolicy.BufferAll, true, 5, ScheduleOverlapDecision.Buffer)]
    [InlineData(ScheduleOverlapPolicy.BufferAll, false, 0, ScheduleOverlapDecision.StartNow)]
    [InlineData(ScheduleOverlapPolicy.CancelOther, true, 0, ScheduleOverlapDecision.CancelRunningThenStart)]
    [InlineData(ScheduleOverlapPolicy.CancelOther, false, 0, ScheduleOverlapDecision.StartNow)]
    [InlineData(ScheduleOverlapPolicy.CancelOther, false, 1, ScheduleOverlapDecision.StartNow)]
    [InlineData(ScheduleOverlapPolicy.TerminateOther, true, 0, ScheduleOverlapDecision.TerminateRunningThenStart)]
    [InlineData(ScheduleOverlapPolicy.TerminateOther, false, 0, ScheduleOverlapDecision.StartNow)]
    [InlineData(ScheduleOverlapPolicy.AllowAll, true, 0, ScheduleOverlapDecision.StartConcurrently)]
    [InlineData(ScheduleOverlapPolicy.AllowAll, false, 0, ScheduleOverlapDecision.StartNow)]
    public void NewActionDecisionFollowsThePolicy(ScheduleOverlapPolicy policy, bool running, int alreadyBuffered, ScheduleOverlapDecision expected) =>
        Assert.Equal(expected, ScheduleOverlapResolver.Decide(policy, running, alreadyBuffered));

    [Theory]
    [InlineData(ScheduleOverlapPolicy.Unspecified, ScheduleOverlapPolicy.Unspecified, ScheduleOverlapPolicy.Skip)]
    [InlineData(ScheduleOverlapPolicy.Unspecified, ScheduleOverlapPolicy.BufferAll, ScheduleOverlapPolicy.BufferAll)]
    [InlineData(ScheduleOverlapPolicy.AllowAll, ScheduleOverlapPolicy.BufferAll, ScheduleOverlapPolicy.AllowAll)]
    public void StartPolicyOverridesTheSchedulePolicyWhichDefaultsToSkip(ScheduleOverlapPolicy start, ScheduleOverlapPolicy schedule, ScheduleOverlapPolicy expected) =>
        Assert.Equal(expected, ScheduleOverlapResolver.ResolvePolicy(start, schedule));

    [Fact]
    public void BufferAllStartsTheOldestAndKeepsTheRestInOrderWhenIdle()
    {
        var buffer = Starts(3, ScheduleOverlapPolicy.BufferAll);

        var resolution = ScheduleOverlapResolver.ResolveBuffer(buffer, previousRunStillRunning: false, ScheduleOverlapPolicy.Skip);

        Assert.Same(buffer[0], resolution.StartNow);
        Assert.Equal([buffer[1], buffer[2]], resolution.RemainingBuffer);
        Assert.Equal(0, resolution.SkippedCount);
    }

    [Fact]
    public void SkipDropsEverythingWhileARunIsOpen()
    {
        var resolution = ScheduleOverlapResolver.ResolveBuffer(Starts(3, ScheduleOverlapPolicy.Unspecified), previousRunStillRunning: true, ScheduleOverlapPolicy.Skip);

        Assert.Null(resolution.StartNow);
        Assert.Empty(resolution.RemainingBuffer);
        Assert.Equal(3, resolution.SkippedCount);
    }

    [Fact]
    public void BufferOneKeepsOnlyTheFirstWaitingStart()
    {
        var buffer = Starts(3, ScheduleOverlapPolicy.BufferOne);

        var resolution = ScheduleOverlapResolver.ResolveBuffer(buffer, previousRunStillRunning: true, ScheduleOverlapPolicy.Skip);

        Assert.Equal([buffer[0]], resolution.RemainingBuffer);
        Assert.Equal(2, resolution.SkippedCount);
    }

    [Fact]
    public void UnspecifiedStartsFollowTheSchedulePolicyAtResolutionTime()
    {
        var buffer = Starts(2, ScheduleOverlapPolicy.Unspecified);

        var resolution = ScheduleOverlapResolver.ResolveBuffer(buffer, previousRunStillRunning: true, ScheduleOverlapPolicy.BufferAll);

        Assert.Equal(buffer, resolution.RemainingBuffer);
    }

    [Fact]
    public void CancelOtherCancelsTheRunningRunAndKeepsTheStartWaiting()
    {
        var buffer = Starts(1, ScheduleOverlapPolicy.CancelOther);

        var resolution = ScheduleOverlapResolver.ResolveBuffer(buffer, previousRunStillRunning: true, ScheduleOverlapPolicy.Skip);

        Assert.True(resolution.CancelRunning);
        Assert.False(resolution.TerminateRunning);
        Assert.Null(resolution.StartNow);
        Assert.Equal(buffer, resolution.RemainingBuffer);
    }

    [Fact]
    public void TerminateOtherWinsOverCancelOther()
    {
        var buffer = new[] { Start(0, ScheduleOverlapPolicy.CancelOther), Start(1, ScheduleOverlapPolicy.TerminateOther) };

        var resolution = ScheduleOverlapResolver.ResolveBuffer(buffer, previousRunStillRunning: true, ScheduleOverlapPolicy.Skip);

        Assert.True(resolution.TerminateRunning);
        Assert.False(resolution.CancelRunning);
    }

    [Fact]
    public void CancelOtherWithNothingRunningStartsOnlyTheNewest()
    {
        var buffer = Starts(3, ScheduleOverlapPolicy.CancelOther);

        var resolution = ScheduleOverlapResolver.ResolveBuffer(buffer, previousRunStillRunning: false, ScheduleOverlapPolicy.Skip);

        Assert.Same(buffer[2], resolution.StartNow);
        Assert.Empty(resolution.RemainingBuffer);
        Assert.False(resolution.CancelRunning);
    }

    [Fact]
    public void AllowAllStartsRunConcurrentlyWithTheRunningRun()
    {
        var buffer = new[] { Start(0, ScheduleOverlapPolicy.AllowAll), Start(1, ScheduleOverlapPolicy.Skip), Start(2, ScheduleOverlapPolicy.AllowAll) };

        var resolution = ScheduleOverlapResolver.ResolveBuffer(buffer, previousRunStillRunning: true, ScheduleOverlapPolicy.Skip);

        Assert.Equal([buffer[0], buffer[2]], resolution.StartConcurrently);
        Assert.Equal(1, resolution.SkippedCount);
    }

    [Fact]
    public void ConcurrentStartsAreDroppedWhenTheRunningRunIsBeingCancelled()
    {
        var buffer = new[] { Start(0, ScheduleOverlapPolicy.AllowAll), Start(1, ScheduleOverlapPolicy.CancelOther) };

        var resolution = ScheduleOverlapResolver.ResolveBuffer(buffer, previousRunStillRunning: true, ScheduleOverlapPolicy.Skip);

        Assert.Empty(resolution.StartConcurrently);
        Assert.True(resolution.CancelRunning);
    }

    [Fact]
    public void EmptyBufferDoesNothing()
    {
        var resolution = ScheduleOverlapResolver.ResolveBuffer([], previousRunStillRunning: true, ScheduleOverlapPolicy.BufferAll);

        Assert.Null(resolution.StartNow);
        Assert.Empty(resolution.StartConcurrently);
        Assert.Empty(resolution.RemainingBuffer);
        Assert.False(resolution.CancelRunning || resolution.TerminateRunning);
    }

    private static BufferedScheduleStart[] Starts(int count, ScheduleOverlapPolicy policy) =>
        Enumerable.Range(0, count).Select(index => Start(index, policy)).ToArray();

    private static BufferedScheduleStart Start(int minute, ScheduleOverlapPolicy policy)
    {
        var time = new DateTime(2024, 1, 1, 0, minute, 0, DateTimeKind.Utc);
        return new BufferedScheduleStart(time, time, policy, Manual: false);
    }
}
