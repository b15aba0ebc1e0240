namespace SharpAlign.Tests.Data;

/// <summary>Tests that measure the process heap: run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition("DataMemory", DisableParallelization = true)]
public sealed class MemoryCollection;

/// <summary>Tests that swap Console.Out/Error: run alone, so no other test's output is captured or lost.</summary>
[CollectionDefinition("DataConsole", DisableParallelization = true)]
public sealed class ConsoleCollection;
