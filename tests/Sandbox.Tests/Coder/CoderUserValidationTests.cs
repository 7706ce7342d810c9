using CoderBootstrap.Sandbox.Coder;

namespace CoderBootstrap.Sandbox.Tests.Coder;

public sealed class CoderUserValidationTests
{
    [Theory]
    [InlineData("Correct-Horse-Battery-Staple-42")]
    [InlineData("SomeSecurePassword!")]
    [InlineData("k8s-Sandbox-2026")]
    public void StrongPasswordsAreAccepted(string password) => Assert.Null(CoderUserValidation.FindPasswordProblem(password));

    [Theory]
    [InlineData("password")]
    [InlineData("Password1")]
    [InlineData("abcdefghijklmnopqrstuvwxyz")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void LowEntropyPasswordsAreRejected(string password) => Assert.NotNull(CoderUserValidation.FindPasswordProblem(password));

    [Fact]
    public void PasswordsLongerThan64CharactersAreRejected() =>
        Assert.Contains("64", CoderUserValidation.FindPasswordProblem("Aa1!" + new string('x', 30) + "Bb2@" + new string('y', 40)));

    [Theory]
    [InlineData("admin", true)]
    [InlineData("jane-doe-2", true)]
    [InlineData("new", false)]
    [InlineData("double--hyphen", false)]
    [InlineData("under_score", false)]
    public void UsernamesFollowCodersRules(string username, bool valid) => Assert.Equal(valid, CoderUserValidation.IsValidUsername(username));
}
