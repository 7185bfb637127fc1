using Appraisal.Policy.Editing;

namespace Appraisal.Policy.Tests.Editing;

/// <summary>Editor positions count lines and UTF-16 code units, as the Language Server Protocol does.</summary>
public class LineMapTests
{
    [Fact]
    public void A_Chinese_character_is_one_code_unit_and_an_emoji_two()
    {
        const string text = "output 奖金😀: money\nx";
        var map = new LineMap(text);
        Assert.Equal(new LinePosition(0, 7), map.Position(text.IndexOf('奖')));
        Assert.Equal(new LinePosition(0, 9), map.Position(text.IndexOf("😀", StringComparison.Ordinal)));
        Assert.Equal(new LinePosition(0, 11), map.Position(text.IndexOf(':')));
        Assert.Equal(text.IndexOf(':'), map.Offset(new LinePosition(0, 11)));
        Assert.Equal(new LinePosition(1, 0), map.Position(text.IndexOf('x')));
    }

    [Fact]
    public void A_position_inside_a_surrogate_pair_moves_to_the_start_of_the_pair()
    {
        var map = new LineMap("a😀b");
        Assert.Equal(1, map.Offset(new LinePosition(0, 2)));
        Assert.Equal(3, map.Offset(new LinePosition(0, 3)));
    }

    [Theory]
    [InlineData("a\nb\nc")]
    [InlineData("a\r\nb\r\nc")]
    [InlineData("a\rb\rc")]
    public void Lines_end_at_any_of_the_protocols_line_breaks(string text)
    {
        var map = new LineMap(text);
        Assert.Equal(3, map.LineCount);
        Assert.Equal(new LinePosition(2, 0), map.Position(text.IndexOf('c')));
        Assert.Equal(text.IndexOf('b'), map.Offset(new LinePosition(1, 0)));
    }

    [Fact]
    public void Positions_past_a_line_or_the_text_are_clamped()
    {
        const string text = "ab\r\ncd";
        var map = new LineMap(text);
        Assert.Equal(2, map.Offset(new LinePosition(0, 99)));  // before the \r\n, not inside it
        Assert.Equal(text.Length, map.Offset(new LinePosition(7, 0)));
        Assert.Equal(0, map.Offset(new LinePosition(-1, 5)));
        Assert.Equal(new LinePosition(1, 2), map.Position(99));
    }

    [Fact]
    public void Every_offset_goes_there_and_back()
    {
        const string text = "policy 考核\r\n\ninput { 迟到😀: count }\rend";
        var map = new LineMap(text);
        for (var offset = 0; offset <= text.Length; offset++)
        {
            if (offset < text.Length && char.IsLowSurrogate(text[offset])) continue;
            if (offset > 0 && offset < text.Length && text[offset - 1] == '\r' && text[offset] == '\n') continue; // inside a \r\n
            Assert.Equal(offset, map.Offset(map.Position(offset)));
        }
    }
}
