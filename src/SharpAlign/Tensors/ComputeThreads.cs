namespace SharpAlign.Tensors;

/// <summary>
/// How many threads the compute core uses: <c>SHARPALIGN_THREADS</c> if set to a positive
/// integer, else every logical core. Read once per process.
/// </summary>
public static class ComputeThreads
{
    /// <summary>Name of the environment variable that sets the thread count.</summary>
    public const string EnvironmentVariable = "SHARPALIGN_THREADS";

    /// <summary>The configured thread count (at least 1).</summary>
    public static int Count
    {
        get
        {
            if (_count == 0) _count = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));
            return _count;
        }
    }

    private static int _count;

    /// <summary>Parses a <c>SHARPALIGN_THREADS</c> value; null or empty means all cores.</summary>
    /// <exception cref="InputException">The value is not a positive integer.</exception>
    public static int Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Environment.ProcessorCount;
        if (!int.TryParse(value.Trim(), out int n) || n < 1)
            throw new InputException($"{EnvironmentVariable}='{value}': expected a positive integer thread count");
        return n;
    }
}
