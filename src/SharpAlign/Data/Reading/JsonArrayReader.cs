using System.Text;
using System.Text.Json;

namespace SharpAlign.Data.Reading;

/// <summary>
/// Streams the rows of a JSON file holding a top-level array of objects, or an object with the rows
/// in an array under <c>field</c> (<c>{"data": [...]}</c>). One element at a time is held in memory
/// (Utf8JsonReader over a growing window of the file), never the whole document. A file whose
/// top-level object has no such array is read as JSON Lines, as the datasets library does.
/// </summary>
public sealed class JsonArrayReader : IDisposable
{
    private readonly Stream _stream;
    private readonly string _file;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof;
    private long _line = 1, _row;

    private JsonArrayReader(Stream stream, string file) { _stream = stream; _file = file; }

    /// <summary>Reads the rows of the JSON file opened by <paramref name="open"/> (called again to re-read it as JSON Lines when needed).</summary>
    public static IEnumerable<RawRow> Read(Func<Stream> open, string file, string field = "data")
    {
        bool asLines;
        using (var reader = new JsonArrayReader(open(), file))
        {
            asLines = !reader.FindArray(field);
            if (!asLines)
                foreach (var row in reader.Elements()) yield return row;
        }
        if (asLines)
            foreach (var row in JsonLinesReader.Read(open(), file)) yield return row;
    }

    /// <summary>Positions the reader just inside the rows array; false when the file is not of the array / object-with-array shape.</summary>
    private bool FindArray(string field)
    {
        SkipBom();
        int c = Peek();
        if (c == '[') { _start++; return true; }
        if (c != '{') throw Fatal($"expected a JSON array of rows or an object with a \"{field}\" array, found {Describe(c)}");
        _start++;
        while (true)
        {
            c = Peek();
            if (c == '}' || c < 0) return false;
            if (c == ',') { _start++; continue; }
            string key = ReadValue(materialize: true).GetString() ?? "";
            if (Peek() != ':') return false;
            _start++;
            if (key == field && Peek() == '[') { _start++; return true; }
            ReadValue(materialize: false);
        }
    }

    private IEnumerable<RawRow> Elements()
    {
        bool first = true;
        while (true)
        {
            int c = Peek();
            if (c == ']') yield break;
            if (c < 0) throw Fatal("the JSON array is not closed (missing ']')");
            if (!first)
            {
                if (c != ',') throw Fatal($"expected ',' or ']' between array elements, found {Describe(c)}");
                _start++;
                Peek();
            }
            first = false;
            yield return NextElement();
        }
    }

    private RawRow NextElement()
    {
        long line = _line;
        int length = MeasureValue();
        var origin = new RowOrigin(_file, line, ++_row);
        var row = JsonRow.Parse(_buffer.AsSpan(_start, length), origin);
        Advance(length);
        return row;
    }

    /// <summary>Reads (and optionally parses) the complete value at the cursor and moves past it.</summary>
    private JsonElement ReadValue(bool materialize)
    {
        int length = MeasureValue();
        JsonElement value = default;
        if (materialize)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, length));
            value = JsonElement.ParseValue(ref reader);
        }
        Advance(length);
        return value;
    }

    /// <summary>Length in bytes of the complete JSON value at the cursor, reading more of the file until it is all buffered.</summary>
    private int MeasureValue()
    {
        while (true)
        {
            try
            {
                var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, default);
                if (reader.Read() && reader.TrySkip()) return (int)reader.BytesConsumed;
            }
            catch (JsonException e)
            {
                throw Fatal($"malformed JSON near line {_line + e.LineNumber}: {JsonRow.Short(e.Message)}");
            }
            if (_eof) throw Fatal("the file ends in the middle of a JSON value");
            Fill();
        }
    }

    private void Advance(int length)
    {
        _line += _buffer.AsSpan(_start, length).Count((byte)'\n');
        _start += length;
    }

    /// <summary>Skips whitespace and returns the next byte without consuming it, or -1 at the end.</summary>
    private int Peek()
    {
        while (true)
        {
            while (_start < _end)
            {
                byte b = _buffer[_start];
                if (b == '\n') _line++;
                else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return b;
                _start++;
            }
            if (_eof) return -1;
            Fill();
        }
    }

    private void SkipBom()
    {
        while (_end < 3 && !_eof) Fill();
        if (_buffer.AsSpan(_start, _end - _start).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _start += 3;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        while (_end < _buffer.Length)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) { _eof = true; break; }
            _end += n;
        }
    }

    private InputException Fatal(string message) => new($"{_file}, line {_line}: {message}");

    private static string Describe(int c) => c < 0 ? "the end of the file" : $"'{Encoding.UTF8.GetString([(byte)c])}'";

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
