using ClickPredict.Generation;

namespace ClickPredict.Tests.Generation;

/// <summary>One 200k-event CSV shared by the realism tests: generated once, parsed once, deleted at the end.</summary>
public sealed class GeneratedClickstream : IDisposable
{
    public const long EventCount = 200_000;

    private readonly TempFolder _directory = new();

    public GeneratedClickstream()
    {
        var options = new GeneratorOptions { Events = EventCount, Seed = 7 };
        Summary = ClickstreamGenerator.Write(options, _directory.Path);
        Rows = CsvRow.ReadAll(Summary.Files[0]);
        Sessions = GeneratedSession.From(Rows);
    }

    internal GeneratorSummary Summary { get; }

    public List<CsvRow> Rows { get; }

    public List<GeneratedSession> Sessions { get; }

    public void Dispose() => _directory.Dispose();
}
