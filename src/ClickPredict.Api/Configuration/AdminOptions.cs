namespace ClickPredict.Api.Configuration;

/// <summary>Section <c>Admin</c>: the API key for reload and promote. No key means the admin endpoints answer 404.</summary>
internal sealed class AdminOptions
{
    public const string Section = "Admin";
    public const string Header = "X-Api-Key";

    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(ApiKey);
}
