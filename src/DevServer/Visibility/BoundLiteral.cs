using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// A literal paired with the field it is compared with. Fields whose type is known up front have the
/// literal checked while parsing (bad values are query errors); custom attributes of unknown type get
/// it typed per record, and a value that does not fit makes the comparison unknown.
/// </summary>
internal sealed class BoundLiteral
{
    private static readonly object Unconvertible = new();

    private readonly VisibilityField field;

    // One slot per value type: null until tried, then the converted value or Unconvertible. Single
    // reference writes keep concurrent evaluations of a shared query safe without locks.
    private readonly object?[] conversions = new object?[Enum.GetValues<IndexedValueType>().Length];

    public BoundLiteral(VisibilityField field, VisibilityLiteral literal)
    {
        this.field = field;
        Literal = literal;
        if (field.DeclaredType is IndexedValueType declaredType)
        {
            conversions[(int)declaredType] = field.ConvertLiteral(literal, declaredType);
        }
    }

    public VisibilityLiteral Literal { get; }

    public VisibilityValue? ValueFor(IndexedValueType type)
    {
        var slot = (int)type;
        if (slot < 0 || slot >= conversions.Length)
        {
            return null;
        }

        var cached = Volatile.Read(ref conversions[slot]);
        if (cached is null)
        {
            cached = field.TryConvertLiteral(Literal, type, out var value, out _) ? value : Unconvertible;
            Volatile.Write(ref conversions[slot], cached);
        }

        return cached as VisibilityValue;
    }
}
