namespace CoderBootstrap.Workflows.Tests;

public sealed class ActivityPoliciesTests
{
    [Fact]
    public void ARetryScaleMultipliesRetryIntervalsButNotTimeouts()
    {
        var scaled = ActivityPolicies.WithRetryScale(0.01).Ensure;
        var real = ActivityPolicies.Unscaled.Ensure;

        Assert.Equal(real.RetryPolicy!.InitialInterval * 0.01, scaled.RetryPolicy!.InitialInterval);
        Assert.Equal(real.RetryPolicy.MaximumInterval * 0.01, scaled.RetryPolicy.MaximumInterval);
        Assert.Equal(real.StartToCloseTimeout, scaled.StartToCloseTimeout);
    }

    [Fact]
    public void AHookHeartbeatsSoALostWorkerIsNoticedWithinAMinuteAndItsActivityOutlivesTheHookTimeout()
    {
        var hook = ActivityPolicies.Unscaled.Hook(TimeSpan.FromMinutes(3));

        Assert.Equal(TimeSpan.FromMinutes(1), hook.HeartbeatTimeout);
        Assert.True(hook.StartToCloseTimeout > TimeSpan.FromMinutes(3));
        Assert.True(hook.RetryPolicy!.MaximumAttempts > 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(2)]
    public void ARetryScaleOutsideZeroToOneIsRefused(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivityPolicies.WithRetryScale(scale));
    }
}
