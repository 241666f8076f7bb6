using System.ComponentModel.DataAnnotations;

namespace ClickPredict.Api.Configuration;

/// <summary>Section <c>Serving</c>: which registry and model to serve, and the lake whose online snapshot feeds the features.</summary>
internal sealed class ServingOptions
{
    public const string Section = "Serving";

    [Required]
    public string ModelsFolder { get; set; } = "models";

    [Required]
    public string LakeFolder { get; set; } = "data/lake";

    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", ErrorMessage = "ModelName must be 1-64 letters, digits, '-', '_' or '.'.")]
    public string ModelName { get; set; } = "clickpredict";

    /// <summary>PredictionEngines kept per loaded model; more are created under bursts and dropped after.</summary>
    [Range(1, 256)]
    public int EnginesPerModel { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>Where the log of events posted to /v1/events lives (default: the lake's <c>live</c> folder).</summary>
    public string? LiveFolder { get; set; }

    /// <summary>Send the API its own predictions over loopback before /health/ready says ready, so the first real request is fast.</summary>
    public bool WarmUp { get; set; } = true;
}
