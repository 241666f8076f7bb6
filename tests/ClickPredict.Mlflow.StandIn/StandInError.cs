using System.Net;

namespace ClickPredict.Mlflow.StandIn;

/// <summary>An MLflow error answer: <c>{"error_code": ..., "message": ...}</c> with the status MLflow maps the code to.</summary>
internal sealed class StandInError(HttpStatusCode status, string errorCode, string message) : Exception(message)
{
    public HttpStatusCode Status => status;
    public string ErrorCode => errorCode;

    public static StandInError NotFound(string message) => new(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", message);
    public static StandInError Exists(string message) => new(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", message);
    public static StandInError Invalid(string message) => new(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
}
