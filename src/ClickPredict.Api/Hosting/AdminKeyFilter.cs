using System.Security.Cryptography;
using System.Text;
using ClickPredict.Api.Configuration;
using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Hosting;

/// <summary>Admin endpoints need the configured key in X-Api-Key, compared in constant time.</summary>
internal sealed class AdminKeyFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = Encoding.UTF8.GetBytes(options.Value.ApiKey ?? "");
        var given = Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[AdminOptions.Header].ToString());
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required.",
                detail: $"{AdminOptions.Header}: missing or wrong; admin endpoints need the key configured in Admin:ApiKey.");
        }

        return await next(context);
    }
}
