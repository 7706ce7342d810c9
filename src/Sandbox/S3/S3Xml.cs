using System.Globalization;
using System.Xml.Linq;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>Builds the XML documents of the S3 REST API (namespace <c>http://s3.amazonaws.com/doc/2006-03-01/</c>).</summary>
internal static class S3Xml
{
    public static readonly XNamespace Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    public static readonly XNamespace SchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";

    public static XElement Element(string name, params object?[] content) => new(Namespace + name, content);

    public static XElement? OptionalElement(string name, string? value) => value is null ? null : Element(name, value);

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static XElement Owner() => Element("Owner", Element("ID", "sandbox"), Element("DisplayName", "sandbox"));

    public static XDocument Document(XElement root) => new(new XDeclaration("1.0", "UTF-8", null), root);

    /// <summary>The error document; carries no namespace, like S3's.</summary>
    public static XDocument Error(S3Exception error, string resource, string requestId) =>
        new(new XDeclaration("1.0", "UTF-8", null), new XElement("Error",
            new XElement("Code", error.Code),
            new XElement("Message", error.Message),
            error.BucketName is null ? null : new XElement("BucketName", error.BucketName),
            error.Key is null ? null : new XElement("Key", error.Key),
            new XElement("Resource", resource),
            new XElement("RequestId", requestId)));

    /// <summary>Parses a request body document, matching elements by local name whatever namespace the client used.</summary>
    public static XElement ParseBody(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body);
            return XDocument.Load(stream).Root ?? throw S3Exception.MalformedXml();
        }
        catch (System.Xml.XmlException)
        {
            throw S3Exception.MalformedXml();
        }
    }

    public static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName == localName);

    public static string? ChildValue(XElement parent, string localName) => Children(parent, localName).FirstOrDefault()?.Value;
}
