using ClickPredict.Events;
using ClickPredict.Generation;
using ClickPredict.Storage;

namespace ClickPredict.Tests.Events;

public class GeneratedIngestTests
{
    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public void Generated_events_ingest_whole_with_the_canonical_preset_in_either_format(string formatName)
    {
        var format = formatName == "csv" ? GeneratedFormat.Csv : GeneratedFormat.Parquet;
        using var temp = new TempFolder();
        var summary = ClickstreamGenerator.Write(new GeneratorOptions { Events = 30_000, Seed = 7, Format = format }, temp.Combine("gen"));
        var lake = new Lake(temp.Combine("lake"));

        var result = new EventIngestor(lake, new IngestOptions()).Run(SourceMappings.Load("canonical"), summary.Files.Single());

        Assert.Equal((30_000L, 30_000L, 0L), (result.Rows.Read, result.Rows.Accepted, result.Rows.Quarantined));
        var files = IngestManifest.Load(lake).BronzeFiles(lake);
        Assert.Equal(summary.EventTypeCounts[EventType.Purchase], LakeReader.BronzeCount(lake, "event_type = 'purchase'"));
        Assert.Equal(summary.Sessions, LakeReader.Scalar(lake, files, "count(DISTINCT session_id)"));
        Assert.Equal(summary.FirstEventTime, LakeReader.Column<DateTime>(lake, files, "min(event_time)").Single());
    }

    [Fact]
    public void The_example_mapping_shipped_in_data_mappings_is_valid()
    {
        var mappings = SharedData.RepositoryFile("data", "mappings");
        foreach (var file in Directory.GetFiles(mappings, "*.json"))
        {
            Assert.Equal(Path.GetFileNameWithoutExtension(file), SourceMappings.Load(file).Name);
        }
    }
}
