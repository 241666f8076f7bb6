using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ClickPredict.Api.Predictions;

namespace ClickPredict.Benchmarks;

/// <summary>
/// The JSON the API reads and writes per prediction, with the options minimal APIs use (web
/// defaults): a 20-event request in, a response with an 8-feature explanation out. Baseline: parsing
/// the same request bytes into a JsonDocument, the floor of reading them at all.
/// </summary>
[MemoryDiagnoser]
public class JsonBenchmark
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private byte[] request = [];
    private object response = null!;

    [GlobalSetup]
    public void Setup()
    {
        var events = Enumerable.Range(0, 20).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{ "time": "2024-01-13T10:{{i:00}}:00Z", "type": "{{(i % 7 == 6 ? "cart" : "view")}}", "itemId": "i{{i * 37:0000000}}", "category": "c{{i % 5:000}}", "brand": "b012", "price": {{10 + i}}.5 }"""));
        request = Encoding.UTF8.GetBytes($$"""{ "userId": "u000042", "events": [ {{string.Join(", ", events)}} ] }""");
        response = new PredictionResponse(0.1234, PredictionResponse.Purchase, 0.2, new ModelRef("clickpredict", 3, "champion"), "fs-0123456789abcdef",
            [.. Enumerable.Range(0, 8).Select(i => new FeatureContribution($"feature_{i}", i * 1.5, 0.01 * i))]);
    }

    [Benchmark(Baseline = true)]
    public int ParseDocument()
    {
        using var document = JsonDocument.Parse(request);
        return document.RootElement.GetProperty("events").GetArrayLength();
    }

    [Benchmark]
    public int ReadRequest() => JsonSerializer.Deserialize<PredictionRequest>(request, Web)!.Events!.Count;

    [Benchmark]
    public int WriteResponse() => JsonSerializer.SerializeToUtf8Bytes(response, response.GetType(), Web).Length;
}
