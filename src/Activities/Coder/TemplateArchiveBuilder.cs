using System.Formats.Tar;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// Packs a template folder as a ustar archive with <c>main.tf</c> at its root, as
/// <c>coder templates push</c> uploads it. Entries are sorted and carry a fixed timestamp, so the
/// same folder always gives the same bytes (Coder then reuses the uploaded file).
/// </summary>
public static class TemplateArchiveBuilder
{
    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Build(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"template folder {folder} not found");
        }

        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
                if (relative.Split('/').Any(part => part.StartsWith('.')))
                {
                    continue;
                }

                var entry = new UstarTarEntry(TarEntryType.RegularFile, relative)
                {
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    ModificationTime = FixedTime,
                    DataStream = new MemoryStream(File.ReadAllBytes(file)),
                };
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }
}
