using ClickPredict.Api.Hosting;

ApiApplication.Run(args);

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
