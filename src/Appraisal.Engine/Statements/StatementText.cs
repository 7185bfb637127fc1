using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Statements;

/// <summary>
/// The derivation part of a statement, kept in one place: the text explanation's lines, each with its depth (two spaces
/// a level). Whatever <see cref="ExplanationText"/> says about a rule — today's details and any it learns later — shows
/// here as its text, and its bounds (<see cref="ExplanationText.MaxNesting"/>, "see above") bound this too.
/// </summary>
internal static class StatementText
{
    public static IEnumerable<StatementLine> Lines(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            var spaces = line.Length - line.TrimStart(' ').Length;
            yield return new StatementLine(Math.Min(spaces / 2, ExplanationText.MaxNesting + 1), line.TrimStart(' '));
        }
    }
}
