using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SharpAlign.Data.Reading;

/// <summary>
/// Streams a CSV (comma) or TSV (tab) file with a header row, RFC 4180 quoting: a field in double
/// quotes may hold the delimiter, line breaks and doubled quotes (<c>""</c>). Each record becomes an
/// object of strings keyed by the header; its origin is the line the record starts on.
/// </summary>
public static class CsvReader
{
    /// <summary>Reads rows from <paramref name="stream"/>; <paramref name="delimiter"/> is ',' or '\t'.</summary>
    public static IEnumerable<RawRow> Read(Stream stream, string file, char delimiter)
    {
        using var lines = new ByteLineReader(stream);
        var record = new CsvRecordParser((byte)delimiter);
        string[]? header = null;
        long row = 0;
        while (record.Next(lines, file))
        {
            if (record.IsBlank) continue;
            var bad = Utf8Check.Validate(record.Bytes, record.FirstLine);
            if (header is null)
            {
                if (bad is not null) throw new InputException($"{file}, line {record.FirstLine}: header row: {bad.Message}");
                header = record.Fields();
                continue;
            }
            var origin = new RowOrigin(file, record.FirstLine, ++row);
            if (bad is not null) { yield return new RawRow { Origin = origin, Problem = bad }; continue; }
            var fields = record.Fields();
            if (fields.Length != header.Length)
            {
                yield return new RawRow
                {
                    Origin = origin,
                    Problem = new RowProblem(DropReason.Malformed, null, $"expected {header.Length} fields as in the header, found {fields.Length}"),
                };
                continue;
            }
            yield return new RawRow { Origin = origin, Value = ToObject(header, fields), CellsAreText = true };
        }
        if (header is null) throw new InputException($"{file}: empty file, expected a header row naming the columns");
    }

    private static JsonElement ToObject(string[] header, string[] fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (int i = 0; i < header.Length; i++) writer.WriteString(header[i], fields[i]);
            writer.WriteEndObject();
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Assembles one record from one or more physical lines and splits it into fields.</summary>
    private sealed class CsvRecordParser(byte delimiter)
    {
        private readonly List<byte> _bytes = new();
        private readonly List<int> _fieldEnds = new();
        private readonly List<byte> _field = new();
        private readonly List<byte> _fieldsData = new();

        public long FirstLine { get; private set; }
        public bool IsBlank { get; private set; }
        public ReadOnlySpan<byte> Bytes => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes);

        /// <summary>Reads the next record; false at the end of the file.</summary>
        public bool Next(ByteLineReader lines, string file)
        {
            _bytes.Clear(); _fieldEnds.Clear(); _field.Clear(); _fieldsData.Clear();
            if (!lines.TryReadLine(out var line)) return false;
            FirstLine = lines.LineNumber;
            IsBlank = line.IsEmpty;
            bool quoted = false, wasQuoted = false;
            while (true)
            {
                foreach (byte b in line) _bytes.Add(b);
                for (int i = 0; i < line.Length; i++)
                {
                    byte b = line[i];
                    if (quoted)
                    {
                        if (b != '"') _field.Add(b);
                        else if (i + 1 < line.Length && line[i + 1] == '"') { _field.Add(b); i++; }
                        else quoted = false;
                    }
                    else if (b == '"' && _field.Count == 0 && !wasQuoted) quoted = wasQuoted = true;
                    else if (b == delimiter) { EndField(); wasQuoted = false; }
                    else _field.Add(b);
                }
                if (!quoted) break;
                _field.Add((byte)'\n');
                _bytes.Add((byte)'\n');
                if (!lines.TryReadLine(out line))
                    throw new InputException($"{file}, line {FirstLine}: a quoted field is not closed before the end of the file");
            }
            EndField();
            return true;
        }

        private void EndField()
        {
            _fieldsData.AddRange(_field);
            _fieldEnds.Add(_fieldsData.Count);
            _field.Clear();
        }

        /// <summary>The record's fields as strings (the bytes were validated as UTF-8 by the caller).</summary>
        public string[] Fields()
        {
            var data = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_fieldsData);
            var result = new string[_fieldEnds.Count];
            int start = 0;
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Encoding.UTF8.GetString(data[start.._fieldEnds[i]]);
                start = _fieldEnds[i];
            }
            return result;
        }
    }
}
