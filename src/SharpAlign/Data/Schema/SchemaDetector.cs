using SharpAlign.Data.Reading;

namespace SharpAlign.Data.Schema;

/// <summary>Detects the <see cref="DatasetFormat"/> of a dataset from the columns of its first readable row.</summary>
public static class SchemaDetector
{
    /// <summary>
    /// pre-tokenized if the three *_input_ids columns exist; unpaired if completion and label exist;
    /// with chosen and rejected: standard or conversational when a prompt of the same kind as chosen
    /// exists, otherwise implicit prompt (a string prompt beside conversational chosen/rejected, as in
    /// HuggingFaceH4/ultrafeedback_binarized, is ignored and the prompt re-derived, as TRL does).
    /// </summary>
    public static DatasetFormat Detect(RawRow row, ColumnMap columns)
    {
        var f = new FieldReader(row, columns);
        if (f.Has("prompt_input_ids") && f.Has("chosen_input_ids") && f.Has("rejected_input_ids")) return DatasetFormat.PreTokenized;
        if (f.Has("completion") && f.Has("label")) return DatasetFormat.Unpaired;
        if (f.Has("chosen") && f.Has("rejected"))
        {
            bool conversation = f.IsList("chosen");
            if (f.Has("prompt") && f.IsList("prompt") == conversation)
                return conversation ? DatasetFormat.Conversational : DatasetFormat.Standard;
            return DatasetFormat.ImplicitPrompt;
        }
        throw new InputException($"{row.Origin}: cannot tell the dataset format from the columns [{string.Join(", ", f.ColumnNames())}]; " +
            "expected prompt/chosen/rejected, chosen/rejected (implicit prompt), prompt/completion/label (unpaired) or " +
            "prompt_input_ids/chosen_input_ids/rejected_input_ids; rename columns with --column FIELD=COLUMN or force one with --format");
    }
}
