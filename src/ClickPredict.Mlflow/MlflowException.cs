using System.Net;

namespace ClickPredict.Mlflow;

/// <summary>
/// A call to MLflow failed: the server answered with an error, could not be reached, or the client
/// refused to send values the server would silently damage.
/// </summary>
public class MlflowException : Exception
{
    /// <summary>Creates an exception with a message only.</summary>
    public MlflowException() : this("MLflow call failed.") { }

    /// <summary>Creates an exception with a message only.</summary>
    public MlflowException(string message) : base(message) => ServerMessage = message;

    /// <summary>Creates an exception wrapping another.</summary>
    public MlflowException(string message, Exception innerException) : base(message, innerException) => ServerMessage = message;

    /// <summary>Creates an exception describing one failed call.</summary>
    /// <param name="message">The whole, one-line description.</param>
    /// <param name="endpoint">Method and path of the call, for example <c>POST /api/2.0/mlflow/runs/create</c>.</param>
    /// <param name="statusCode">HTTP status of the last answer, if there was one.</param>
    /// <param name="errorCode">MLflow's <c>error_code</c>, if the body carried one.</param>
    /// <param name="serverMessage">MLflow's <c>message</c>, or a description of the non-JSON body.</param>
    /// <param name="isTransient">Whether the failure was of a kind that was retried (unreachable, timeout, 429, 5xx).</param>
    /// <param name="attempts">How many tries were made.</param>
    /// <param name="innerException">The transport failure, if any.</param>
    public MlflowException(string message, string? endpoint, HttpStatusCode? statusCode, string? errorCode, string serverMessage,
        bool isTransient, int attempts, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ServerMessage = serverMessage;
        IsTransient = isTransient;
        Attempts = attempts;
    }

    /// <summary>Method and path of the failed call, or <c>null</c> when nothing was sent.</summary>
    public string? Endpoint { get; }

    /// <summary>HTTP status of the last answer, or <c>null</c> when no answer came (or nothing was sent).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>MLflow's <c>error_code</c>, such as <see cref="MlflowErrorCodes.ResourceDoesNotExist"/>; <c>null</c> for non-JSON answers and transport failures.</summary>
    public string? ErrorCode { get; }

    /// <summary>MLflow's <c>message</c>, or a short description of what came back instead.</summary>
    public string ServerMessage { get; }

    /// <summary>The failure was transient (unreachable, timeout, 429, 5xx) and persisted through every retry.</summary>
    public bool IsTransient { get; }

    /// <summary>How many tries were made; 0 when the client refused to send.</summary>
    public int Attempts { get; }

    /// <summary>The server said the resource does not exist (<c>RESOURCE_DOES_NOT_EXIST</c>).</summary>
    public bool IsNotFound => ErrorCode == MlflowErrorCodes.ResourceDoesNotExist;

    /// <summary>The server said the resource already exists (<c>RESOURCE_ALREADY_EXISTS</c>).</summary>
    public bool IsAlreadyExists => ErrorCode == MlflowErrorCodes.ResourceAlreadyExists;
}

/// <summary>The <c>error_code</c> values of MLflow that callers commonly branch on.</summary>
public static class MlflowErrorCodes
{
    /// <summary>An experiment, run, registered model, version or alias was not found (HTTP 404).</summary>
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    /// <summary>An experiment or registered model of that name exists (HTTP 400).</summary>
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    /// <summary>A request value was rejected (HTTP 400); also used for values this client refuses to send.</summary>
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    /// <summary>The server failed (HTTP 500).</summary>
    public const string InternalError = "INTERNAL_ERROR";
    /// <summary>Too many requests (HTTP 429).</summary>
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    /// <summary>The server is temporarily unavailable (HTTP 503).</summary>
    public const string TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";
}
