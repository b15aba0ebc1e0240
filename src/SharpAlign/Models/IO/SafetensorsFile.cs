using System.IO.MemoryMappedFiles;
using SharpAlign.Tensors;

namespace SharpAlign.Models.IO;

/// <summary>
/// A safetensors file opened for reading: the header is validated first (see
/// <see cref="SafetensorsHeader"/>), then the file is memory-mapped read-only and tensors are
/// converted to float32 on demand. Dispose to unmap.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    private const int ChunkElements = 1 << 20;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _base;
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;

    /// <summary>Path of the file.</summary>
    public string Path { get; }

    /// <summary>The validated header.</summary>
    public SafetensorsHeader Header { get; }

    /// <summary>Tensor entries by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _byName;

    /// <summary>The <c>__metadata__</c> map.</summary>
    public IReadOnlyDictionary<string, string> Metadata => Header.Metadata;

    private SafetensorsFile(string path, SafetensorsHeader header, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Path = path;
        Header = header;
        _map = map;
        _view = view;
        _byName = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + view.PointerOffset;
    }

    /// <summary>Validates the header of <paramref name="path"/> and maps the file.</summary>
    public static SafetensorsFile Open(string path)
    {
        PickleCheckpoints.RefuseIfPickle(path);
        var header = SafetensorsHeader.Read(path);
        var stream = SafetensorsHeader.OpenForRead(path);
        MemoryMappedFile? map = null;
        try
        {
            if (stream.Length != header.DataStart + (header.Tensors.Count == 0 ? 0 : header.Tensors.Max(t => t.End)))
                throw new InputException($"{path}: the file changed while it was being opened");
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new SafetensorsFile(path, header, map, view);
        }
        catch
        {
            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor of this name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The entry for <paramref name="name"/>; an <see cref="InputException"/> when absent.</summary>
    public SafetensorsTensorInfo Info(string name) =>
        _byName.TryGetValue(name, out var info) ? info : throw new InputException($"{Path}: no tensor named '{name}'");

    /// <summary>Reads a tensor (F32, BF16 or F16) as a new float32 <see cref="Tensor"/>.</summary>
    public Tensor ReadTensor(string name)
    {
        var info = Info(name);
        CheckLoadable(info);
        if (info.ElementCount > int.MaxValue)
            throw new InputException($"{Path}: tensor '{name}' with shape {info.ShapeText} has more than {int.MaxValue} elements");
        var t = new Tensor(info.Shape);
        try { ReadInto(info, t.Span); }
        catch { t.Dispose(); throw; }
        return t;
    }

    /// <summary>Converts a tensor's data into <paramref name="destination"/>, whose length must equal the element count.</summary>
    public void ReadInto(string name, Span<float> destination) => ReadInto(Info(name), destination);

    private void ReadInto(SafetensorsTensorInfo info, Span<float> destination)
    {
        CheckLoadable(info);
        if (destination.Length != info.ElementCount)
            throw new ArgumentException($"destination holds {destination.Length} floats, tensor '{info.Name}' has {info.ElementCount}");
        if (_base == null) throw new ObjectDisposedException(nameof(SafetensorsFile));
        int size = info.Dtype.Bits() / 8;
        byte* src = _base + Header.DataStart + info.Begin;
        for (long done = 0; done < destination.Length; done += ChunkElements)
        {
            int n = (int)Math.Min(ChunkElements, destination.Length - done);
            StorageConversion.ToFloat32(info.Dtype, new ReadOnlySpan<byte>(src + done * size, n * size), destination.Slice((int)done, n));
        }
    }

    private void CheckLoadable(SafetensorsTensorInfo info)
    {
        if (!info.Dtype.IsLoadable())
            throw new InputException($"{Path}: tensor '{info.Name}' has dtype {info.Dtype}; only F32, BF16 and F16 tensors can be loaded");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_base == null) return;
        _base = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
