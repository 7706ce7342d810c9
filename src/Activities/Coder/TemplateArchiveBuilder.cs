using System.Formats.Tar;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// Packs a template folder as a ustar archive with <c>main.tf</c> at its root, as
/// <c>coder templates push</c> uploads it. Entries are sorted and carry a fixed timestamp, so the
/// same folder always gives the same bytes (Coder then reuses the uploaded file). Extra files (the
/// shared modules, <see cref="Templates.ModuleBundler"/>) are added under their archive paths.
/// </summary>
public static class TemplateArchiveBuilder
{
    private static readonly DateTimeOffset FixedTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Build(string folder, IReadOnlyDictionary<string, byte[]>? extraFiles = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"template folder {folder} not found");
        }

        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
                if (!relative.Split('/').Any(part => part.StartsWith('.')))
                {
                    files[relative] = File.ReadAllBytes(file);
                }
            }

            foreach (var (path, content) in extraFiles ?? new Dictionary<string, byte[]>())
            {
                files[path] = content;
            }

            foreach (var (path, content) in files)
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, path)
                {
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    ModificationTime = FixedTime,
                    DataStream = new MemoryStream(content),
                };
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }
}
