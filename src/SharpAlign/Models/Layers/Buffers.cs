namespace SharpAlign.Models.Layers;

/// <summary>Grow-only float buffers: activations are reused between steps instead of reallocated.</summary>
internal static class Buffers
{
    /// <summary>Returns <paramref name="buffer"/> with room for at least <paramref name="length"/> floats, reallocating only when it is too small.</summary>
    public static float[] Ensure(ref float[] buffer, long length)
    {
        if (buffer.Length < length) buffer = new float[checked((int)length)];
        return buffer;
    }
}
