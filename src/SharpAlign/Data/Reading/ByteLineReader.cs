namespace SharpAlign.Data.Reading;

/// <summary>
/// Reads a stream line by line as raw bytes, with a buffer that only grows to the longest line:
/// memory stays constant in the file size. Strips a UTF-8 BOM at the start and a trailing '\r'.
/// </summary>
internal sealed class ByteLineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof, _first = true;

    /// <summary>Wraps <paramref name="stream"/>; disposing the reader disposes the stream.</summary>
    public ByteLineReader(Stream stream) => _stream = stream;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Returns the next line without its terminator, or false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int scanFrom = _start;
        while (true)
        {
            int nl = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int stop = scanFrom + nl;
                line = Finish(_start, stop);
                _start = stop + 1;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { line = default; return false; }
                line = Finish(_start, _end);
                _start = _end;
                return true;
            }
            scanFrom = _end;
            int consumed = _start;
            Fill();
            scanFrom -= consumed;
        }
    }

    private ReadOnlySpan<byte> Finish(int start, int stop)
    {
        LineNumber++;
        if (stop > start && _buffer[stop - 1] == (byte)'\r') stop--;
        var span = _buffer.AsSpan(start, stop - start);
        if (_first)
        {
            _first = false;
            if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        }
        return span;
    }

    /// <summary>Moves unread bytes to the front, grows the buffer when it is full, and reads more.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
