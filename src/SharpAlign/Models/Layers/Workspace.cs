namespace SharpAlign.Models.Layers;

/// <summary>
/// Backward scratch shared by all layers of a model (only one layer runs its backward at a time),
/// grown on demand and reused between steps.
/// </summary>
public sealed class Workspace
{
    internal float[] X1 = [], X2 = [], DAttn = [], DQ = [], DK = [], DV = [], DX1 = [], DX2 = [], Act = [], DAct = [], DGate = [], DUp = [], Tmp = [];
}
