namespace CoderBootstrap.Activities.Coder;

/// <summary>The first admin's login, read from or written to the Kubernetes secret; <see cref="ToString"/> hides the password.</summary>
internal sealed record AdminCredentials(string UserName, string Email, string Password)
{
    public override string ToString() => $"AdminCredentials {{ UserName = {UserName}, Email = {Email}, Password = (hidden) }}";
}
