using SharpAlign.Tensors;

namespace SharpAlign.Models;

/// <summary>
/// A named model tensor with its gradient. Optimizers, checkpoints and savers all work on lists
/// of parameters, by Hugging Face / PEFT tensor name.
/// </summary>
public sealed class Parameter : IDisposable
{
    /// <summary>Tensor name as Hugging Face or PEFT writes it (e.g. "model.layers.0.self_attn.q_proj.weight").</summary>
    public string Name { get; }

    /// <summary>The values.</summary>
    public Tensor Value { get; }

    /// <summary>The gradient, same shape as <see cref="Value"/>; null for frozen parameters.</summary>
    public Tensor? Grad { get; private set; }

    /// <summary>True when the optimizer updates this parameter.</summary>
    public bool Trainable => Grad is not null;

    /// <summary>Wraps a value tensor; a trainable parameter gets a zeroed gradient of the same shape.</summary>
    public Parameter(string name, Tensor value, bool trainable)
    {
        Name = name;
        Value = value;
        if (trainable) SetTrainable(true);
    }

    /// <summary>Makes the parameter trainable (allocating a zeroed gradient if it had none) or frozen (freeing the gradient).</summary>
    public void SetTrainable(bool trainable)
    {
        if (trainable && Grad is null)
        {
            Grad = new Tensor(Value.Shape);
            ZeroGrad();
        }
        else if (!trainable && Grad is not null)
        {
            Grad.Dispose();
            Grad = null;
        }
    }

    /// <summary>
    /// Makes the parameter trainable with its gradient kept in <paramref name="storage"/>, a zeroed
    /// view of <see cref="Value"/>'s shape owned by the caller (a model keeps all its weight gradients
    /// in one <see cref="ReleasableBuffer"/>); a gradient the parameter had is freed.
    /// </summary>
    public void SetTrainable(Tensor storage)
    {
        if (!storage.Shape.SequenceEqual(Value.Shape))
            throw new ArgumentException($"gradient storage for {Name} has shape [{string.Join(", ", storage.Shape)}], expected [{string.Join(", ", Value.Shape)}]", nameof(storage));
        Grad?.Dispose();
        Grad = storage;
    }

    /// <summary>Sets the gradient to zero, handing its pages back to the OS until the next backward writes it (see <see cref="MemoryPages"/>).</summary>
    public void ZeroGrad()
    {
        if (Grad is not null) MemoryPages.Release(Grad.Span);
    }

    /// <summary>Makes the gradient's released pages resident again before a backward writes it (a hint; see <see cref="MemoryPages.Commit(Span{float})"/>).</summary>
    public void CommitGradient()
    {
        if (Grad is not null) MemoryPages.Commit(Grad.Span);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Value.Dispose();
        Grad?.Dispose();
    }
}
