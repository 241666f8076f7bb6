using ClickPredict.Events;
using Spectre.Console;

namespace ClickPredict.Cli;

/// <summary>Spectre progress for long work; silent when output is redirected.</summary>
internal static class Progress
{
    public static T Run<T>(string title, Func<IProgress<IngestProgress>, T> work) =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(title);
                var progress = new SynchronousProgress<IngestProgress>(p =>
                {
                    task.Description = $"{title}: {Markup.Escape(Path.GetFileName(p.File))} {p.Step}".TrimEnd();
                    task.MaxValue = Math.Max(1, p.Count);
                    task.Value = p.Index;
                });
                var result = work(progress);
                task.Value = task.MaxValue;
                return result;
            });
}

/// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
