using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ClickPredict.Api.Tests.Support;

/// <summary>The API in memory over a <see cref="ServedLake"/>, configured the way an operator would, through settings.</summary>
public sealed class ApiApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Dictionary<string, string?> settings;

    internal ApiApp(ServedLake lake, Dictionary<string, string?>? overrides = null)
    {
        Lake = lake;
        settings = new Dictionary<string, string?>
        {
            ["Serving:ModelsFolder"] = lake.Registry.Root,
            ["Serving:LakeFolder"] = lake.Features.Lake.Root,
            ["Serving:EnginesPerModel"] = "4",
            ["Admin:ApiKey"] = AdminKey,
            ["PredictionLog:Folder"] = lake.PredictionLog,
            ["PredictionLog:MaxFileAge"] = "00:00:02",
            ["Limits:MaxEventsPerSession"] = "50",
            ["Limits:MaxSessionsPerBatch"] = "10",
            ["Limits:MaxBodyBytes"] = "65536",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
    }

    internal ServedLake Lake { get; }

    internal T Service<T>()
        where T : notnull => (T)Services.GetService(typeof(T))!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
