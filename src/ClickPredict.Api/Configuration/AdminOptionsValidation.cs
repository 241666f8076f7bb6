using Microsoft.Extensions.Options;

namespace ClickPredict.Api.Configuration;

/// <summary>A short key is a guessable key: refuse to start with one rather than serve admin endpoints behind it.</summary>
internal sealed class AdminOptionsValidation : IValidateOptions<AdminOptions>
{
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        options.ApiKey is { Length: > 0 and < MinKeyLength }
            ? ValidateOptionsResult.Fail($"Admin:ApiKey must be at least {MinKeyLength} characters (or empty to turn the admin endpoints off).")
            : ValidateOptionsResult.Success;
}
