using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// A literal paired with the field it is compared with. Fields whose type is known up front have the
/// literal checked while parsing (bad values are query errors); custom attributes of unknown type get
/// it typed per record, and a value that does not fit makes the comparison unknown.
/// </summary>
internal sealed class BoundLiteral
{
    private readonly VisibilityField field;
    private readonly VisibilityValue?[] convertedByType = new VisibilityValue?[Enum.GetValues<IndexedValueType>().Length + 1];
    private readonly bool[] attemptedByType = new bool[Enum.GetValues<IndexedValueType>().Length + 1];

    public BoundLiteral(VisibilityField field, VisibilityLiteral literal)
    {
        this.field = field;
        Literal = literal;
        if (field.DeclaredType is IndexedValueType declaredType)
        {
            var converted = field.ConvertLiteral(literal, declaredType);
            convertedByType[(int)declaredType] = converted;
            attemptedByType[(int)declaredType] = true;
        }
    }

    public VisibilityLiteral Literal { get; }

    public VisibilityValue? ValueFor(IndexedValueType type)
    {
        var slot = (int)type;
        if (slot < 0 || slot >= convertedByType.Length)
        {
            return null;
        }

        if (!attemptedByType[slot])
        {
            convertedByType[slot] = field.TryConvertLiteral(Literal, type, out var value, out _) ? value : null;
            attemptedByType[slot] = true;
        }

        return convertedByType[slot];
    }
}
