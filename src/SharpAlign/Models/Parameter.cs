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
        if (trainable) Grad = new Tensor(value.Shape);
    }

    /// <summary>Makes the parameter trainable (allocating a zeroed gradient if it had none) or frozen (freeing the gradient).</summary>
    public void SetTrainable(bool trainable)
    {
        if (trainable && Grad is null) Grad = new Tensor(Value.Shape);
        else if (!trainable && Grad is not null)
        {
            Grad.Dispose();
            Grad = null;
        }
    }

    /// <summary>Sets the gradient to zero.</summary>
    public void ZeroGrad() => Grad?.Span.Clear();

    /// <inheritdoc />
    public void Dispose()
    {
        Value.Dispose();
        Grad?.Dispose();
    }
}
