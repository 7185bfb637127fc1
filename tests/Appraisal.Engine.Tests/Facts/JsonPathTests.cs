using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Tests.Facts;

public sealed class JsonPathTests
{
    [Theory]
    [InlineData("投诉", ".投诉")]
    [InlineData("refund_rate", ".refund_rate")]
    [InlineData("_x1", "._x1")]
    [InlineData("Ärger", ".Ärger")]
    [InlineData("odd name", "['odd name']")]
    [InlineData("2026年", "['2026年']")]
    [InlineData("a.b", "['a.b']")]
    [InlineData("it's", "['it\\'s']")]
    [InlineData("back\\slash", "['back\\\\slash']")]
    [InlineData("", "['']")]
    public void Identifier_like_names_use_a_dot_and_others_are_quoted(string name, string segment) =>
        Assert.Equal(segment, JsonPath.Member(name));

    [Fact]
    public void List_items_use_their_index() => Assert.Equal("[12]", JsonPath.Index(12));
}
