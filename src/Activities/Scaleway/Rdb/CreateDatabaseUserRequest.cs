namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Body of POST /instances/{id}/users; <see cref="ToString"/> hides the password.</summary>
public sealed record CreateDatabaseUserRequest(string Name, string Password, bool IsAdmin)
{
    public override string ToString() => $"CreateDatabaseUserRequest {{ Name = {Name}, IsAdmin = {IsAdmin}, Password = (hidden) }}";
}
