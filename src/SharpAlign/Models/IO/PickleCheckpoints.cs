namespace SharpAlign.Models.IO;

/// <summary>
/// Recognises PyTorch pickle checkpoints (<c>pytorch_model.bin</c>, <c>*.bin</c>, <c>*.pt</c>,
/// <c>*.pth</c>, <c>*.ckpt</c>, or a file whose bytes start like a pickle or a torch zip archive) and
/// refuses them with a message saying how to convert them to safetensors. Pickles can run arbitrary
/// code when loaded, and SharpAlign has no unpickler.
/// </summary>
public static class PickleCheckpoints
{
    private static readonly string[] Extensions = [".bin", ".pt", ".pth", ".ckpt", ".pkl"];

    /// <summary>True when the path names a pickle checkpoint by extension or by content.</summary>
    public static bool IsPickle(string path)
    {
        if (Extensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase)) return true;
        if (!File.Exists(path)) return false;
        Span<byte> head = stackalloc byte[9];
        int n;
        using (var s = File.OpenRead(path)) n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n == head.Length && head[8] == (byte)'{') return false; // a safetensors header starts here
        bool zip = n >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
        bool pickle = n >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5;
        return zip || pickle;
    }

    /// <summary>Throws the conversion advice when <paramref name="path"/> is a pickle checkpoint.</summary>
    public static void RefuseIfPickle(string path)
    {
        if (IsPickle(path)) throw Refusal(path);
    }

    /// <summary>The refusal, with how to convert: the whole folder with transformers, or one file with safetensors.</summary>
    public static InputException Refusal(string path)
    {
        string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        return new InputException(
            $"{path}: PyTorch pickle checkpoints (.bin/.pt) are not supported (loading a pickle can run arbitrary code); convert to safetensors first, e.g.\n" +
            $"  python3 -c \"from transformers import AutoModelForCausalLM as M; M.from_pretrained('{dir}').save_pretrained('{dir}', safe_serialization=True)\"\n" +
            $"or, for a single file (an adapter, say):\n" +
            $"  python3 -c \"import torch; from safetensors.torch import save_file; sd = torch.load('{path}', map_location='cpu'); save_file({{k: v.contiguous() for k, v in sd.items()}}, '{System.IO.Path.ChangeExtension(path, ".safetensors")}', metadata={{'format': 'pt'}})\"");
    }
}
