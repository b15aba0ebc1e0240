using System.IO.Compression;
using System.Text;

namespace SharpAlign.Tests.Data;

/// <summary>A temporary folder for generated test files, removed on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("sharpalign-data-").FullName;

    public string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (name.EndsWith(".gz"))
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
