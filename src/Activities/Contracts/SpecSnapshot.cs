using System.Text.Json.Serialization;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Contracts;

/// <summary>
/// The environment spec a run applies, loaded and validated once at its start and carried by the
/// run to every activity of it and of its children, so an edit of the YAML during the run changes
/// nothing in it. Holds no secret value: secrets are references (<see cref="SecretReference"/>).
/// <see cref="Digest"/> is the SHA-256 of the file the spec was read from, recorded in the state
/// documents and shown by <c>status</c>.
/// </summary>
public sealed record SpecSnapshot(EnvironmentSpec Spec, string Digest) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Spec.Name;
}
