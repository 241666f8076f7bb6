using ClickPredict.Events;

namespace ClickPredict.Tests.Events;

public class LineEndsTests
{
    // LineEnds reads 1 MiB at a time: these files put a CR LF across that boundary.
    private static readonly string Filler = new('a', (1 << 20) - 1);

    [Fact]
    public void A_file_is_mixed_only_when_it_has_both_kinds_of_line_end()
    {
        using var temp = new TempFolder();

        Assert.False(LineEnds.AreMixed(temp.File("crlf.csv", Filler + "\r\nb\r\n")));
        Assert.False(LineEnds.AreMixed(temp.File("lf.csv", Filler + "\nb\n")));
        Assert.True(LineEnds.AreMixed(temp.File("mixed.csv", Filler + "\r\nb\n")));
    }

    [Fact]
    public void Unify_makes_each_cr_lf_outside_quotes_a_lf_and_leaves_everything_else()
    {
        using var temp = new TempFolder();
        var source = temp.File("mixed.csv", Filler + "\r\nb,\"x\r\ny\",\"q\"\"\r\nr\"\r\nc\rd\ne\r");

        var unified = File.ReadAllText(LineEnds.Unify(source, temp.Combine("out", "unified.csv"), ",", "\"", ""));

        Assert.Equal(Filler + "\nb,\"x\r\ny\",\"q\"\"\r\nr\"\nc\rd\ne\r", unified);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_value_does_not_keep_the_line_ends_after_it()
    {
        using var temp = new TempFolder();
        var source = temp.File("inch.csv", "a,TV 55\" screen\r\nb,c\nd,\"e\r\nf\"\r\n");

        Assert.Equal("a,TV 55\" screen\nb,c\nd,\"e\r\nf\"\n", File.ReadAllText(LineEnds.Unify(source, temp.Combine("unified.csv"), ",", "\"", "")));
    }

    /// <summary>With a backslash for the escape, <c>\"</c> stays inside the value, and so does the CR LF after it.</summary>
    [Fact]
    public void An_escaped_quote_does_not_close_the_value()
    {
        using var temp = new TempFolder();
        var source = temp.File("escaped.csv", "a,\"5\\\"\r\nTV\"\r\nb,c\n");

        Assert.Equal("a,\"5\\\"\r\nTV\"\nb,c\n", File.ReadAllText(LineEnds.Unify(source, temp.Combine("unified.csv"), ",", "\"", "\\")));
        Assert.Equal("a,\"5\\\"\nTV\"\nb,c\n", File.ReadAllText(LineEnds.Unify(source, temp.Combine("doubled.csv"), ",", "\"", "")));
    }

    [Fact]
    public void Without_a_quote_character_every_cr_lf_is_a_line_end()
    {
        using var temp = new TempFolder();
        var source = temp.File("mixed.csv", "a,\"b\r\nc\"\nd\r\n");

        Assert.Equal("a,\"b\nc\"\nd\n", File.ReadAllText(LineEnds.Unify(source, temp.Combine("unified.csv"), ",", "", "")));
    }

    [Theory]
    [InlineData("a,\"x\"\"y\",TV 55\" screen\nb,\"two\nlines\",c\n", null)]
    [InlineData("a,b\nc,\"open\nd,e\n", "line 2 opens a quoted value that never closes")]
    [InlineData("a,\"x\"\"\nb\n", "line 1 opens a quoted value that never closes")]
    public void A_csv_diagnosis_follows_the_readers_quoting(string csv, string? expected)
    {
        using var temp = new TempFolder();

        var found = CsvDiagnosis.Find(temp.File("in.csv", csv), ",", "\"", "", 0);

        if (expected is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(expected, found, StringComparison.Ordinal);
        }
    }
}
