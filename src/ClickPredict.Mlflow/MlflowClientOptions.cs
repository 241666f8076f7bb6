namespace ClickPredict.Mlflow;

/// <summary>
/// Where the MLflow tracking server is, how to authenticate, and how hard to retry.
/// </summary>
/// <remarks>
/// <see cref="FromEnvironment(Func{string, string?}?)"/> reads the variables MLflow users already set:
/// <c>MLFLOW_TRACKING_URI</c>, <c>MLFLOW_TRACKING_USERNAME</c>/<c>MLFLOW_TRACKING_PASSWORD</c> (basic auth),
/// <c>MLFLOW_TRACKING_TOKEN</c> (bearer), <c>MLFLOW_EXPERIMENT_NAME</c>, and MLflow's own
/// <c>MLFLOW_HTTP_REQUEST_MAX_RETRIES</c> and <c>MLFLOW_HTTP_REQUEST_TIMEOUT</c> (seconds).
/// </remarks>
public sealed record MlflowClientOptions
{
    /// <summary>Base address of the tracking server, for example <c>http://localhost:5000</c>; a path prefix is kept.</summary>
    public required Uri TrackingUri { get; init; }

    /// <summary>User name for HTTP basic authentication (with <see cref="Password"/>).</summary>
    public string? Username { get; init; }

    /// <summary>Password for HTTP basic authentication.</summary>
    public string? Password { get; init; }

    /// <summary>Bearer token; used when set, instead of basic authentication.</summary>
    public string? Token { get; init; }

    /// <summary>Experiment to log to, from <c>MLFLOW_EXPERIMENT_NAME</c>; <c>null</c> leaves the choice to the caller.</summary>
    public string? ExperimentName { get; init; }

    /// <summary>How many times one request is tried in all (first try included) when it fails transiently. At least 1.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Delay before the first retry; each further retry doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap on the delay between two tries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Time limit of one try of one request; a try that runs over counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Names of the environment variables read by <see cref="FromEnvironment(Func{string, string?}?)"/>.</summary>
    public static class Variables
    {
        /// <summary><c>MLFLOW_TRACKING_URI</c></summary>
        public const string TrackingUri = "MLFLOW_TRACKING_URI";
        /// <summary><c>MLFLOW_TRACKING_USERNAME</c></summary>
        public const string Username = "MLFLOW_TRACKING_USERNAME";
        /// <summary><c>MLFLOW_TRACKING_PASSWORD</c></summary>
        public const string Password = "MLFLOW_TRACKING_PASSWORD";
        /// <summary><c>MLFLOW_TRACKING_TOKEN</c></summary>
        public const string Token = "MLFLOW_TRACKING_TOKEN";
        /// <summary><c>MLFLOW_EXPERIMENT_NAME</c></summary>
        public const string ExperimentName = "MLFLOW_EXPERIMENT_NAME";
        /// <summary><c>MLFLOW_HTTP_REQUEST_MAX_RETRIES</c> (retries after the first try)</summary>
        public const string MaxRetries = "MLFLOW_HTTP_REQUEST_MAX_RETRIES";
        /// <summary><c>MLFLOW_HTTP_REQUEST_TIMEOUT</c> (seconds per try)</summary>
        public const string Timeout = "MLFLOW_HTTP_REQUEST_TIMEOUT";
    }

    /// <summary>
    /// Options from the environment, or <c>null</c> when <c>MLFLOW_TRACKING_URI</c> is not set (tracking is off).
    /// </summary>
    /// <param name="getVariable">Reads one variable; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <exception cref="ArgumentException">The tracking URI is not an http(s) address (MLflow's file and database stores need Python).</exception>
    public static MlflowClientOptions? FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? Read(string name) => getVariable(name) is { Length: > 0 } value ? value : null;

        if (Read(Variables.TrackingUri) is not { } uriText)
            return null;
        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException(
                $"{Variables.TrackingUri}='{uriText}' is not an http(s) address; ClickPredict talks to an MLflow tracking server over REST (file: and database URIs need the Python client).");

        var options = new MlflowClientOptions
        {
            TrackingUri = uri,
            Username = Read(Variables.Username),
            Password = Read(Variables.Password),
            Token = Read(Variables.Token),
            ExperimentName = Read(Variables.ExperimentName),
        };
        if (Read(Variables.MaxRetries) is { } retries && int.TryParse(retries, out var r) && r >= 0)
            options = options with { MaxAttempts = r + 1 };
        if (Read(Variables.Timeout) is { } timeout && double.TryParse(timeout, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0)
            options = options with { RequestTimeout = TimeSpan.FromSeconds(s) };
        return options;
    }
}
