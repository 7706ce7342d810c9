using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// The database login kept in a private object of the state bucket, read only by the activities.
/// <see cref="ToString"/> hides the password so that a log line or an exception cannot leak it.
/// </summary>
public sealed record DatabaseCredentials(
    [property: JsonPropertyName("instance_name")] string InstanceName,
    [property: JsonPropertyName("database_name")] string DatabaseName,
    [property: JsonPropertyName("user_name")] string UserName,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt)
{
    public override string ToString() =>
        $"DatabaseCredentials {{ InstanceName = {InstanceName}, DatabaseName = {DatabaseName}, UserName = {UserName}, Password = (hidden), CreatedAt = {CreatedAt:O} }}";
}
