using System.CommandLine;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SharpAlign.Tensors;

namespace SharpAlign.Cli.Commands;

/// <summary><c>sharpalign info</c>: what this build will use on this machine.</summary>
public sealed class InfoCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var cmd = new Command("info", "Show the compute back end, SIMD support and thread count in use.");
        cmd.SetAction(_ =>
        {
            Console.WriteLine($"{{\"gemm\":\"{Gemm.Backend.Name}\",\"avx512f\":{Avx512F.IsSupported.ToString().ToLowerInvariant()}," +
                $"\"avx2\":{Avx2.IsSupported.ToString().ToLowerInvariant()},\"vector512\":{Vector512.IsHardwareAccelerated.ToString().ToLowerInvariant()}," +
                $"\"cores\":{Environment.ProcessorCount}}}");
            return 0;
        });
        return cmd;
    }
}
