using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>A record's value for a field together with the search attribute type it was read as.</summary>
internal sealed record TypedValue(VisibilityValue Value, IndexedValueType Type);
