using System.Globalization;
using System.Text;
using Appraisal.Policy.Text;
using Newtonsoft.Json;

namespace Appraisal.Policy.Diagnostics;

/// <summary>
/// Prints diagnostics for people and for tools.
/// <para>Text: <c>file(line,col): error CODE: message</c>, the source line, a caret line under the span and, when the
/// diagnostic has one, <c>  hint: …</c>; a summary line closes the output. Lines end in <c>\n</c> whatever the platform,
/// so golden files compare the same everywhere.</para>
/// <para>JSON: an array of objects {file, line, column, endLine, endColumn, severity, code, message, hint}.</para>
/// </summary>
public static class DiagnosticPrinter
{
    private const string NewLine = "\n";

    /// <summary>Writes each diagnostic in text form (no summary line).</summary>
    public static void WriteText(TextWriter writer, IEnumerable<Diagnostic> diagnostics, Language language = Language.En)
    {
        foreach (var diagnostic in diagnostics) WriteText(writer, diagnostic, language);
    }

    /// <summary>Writes one diagnostic: header line, source line, caret line and hint line (if any).</summary>
    public static void WriteText(TextWriter writer, Diagnostic diagnostic, Language language = Language.En)
    {
        var span = diagnostic.Span;
        var (line, column) = span.StartPosition;
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{span.File}({line},{column}): {SeverityWord(diagnostic.Severity, language)} {diagnostic.Code}: {diagnostic.Message(language)}"));
        writer.Write(NewLine);

        var source = span.Source;
        if (line <= source.LineCount)
        {
            var text = source.Line(line);
            var lineStart = span.Start - (column - 1);
            // The caret line covers the span on its first line only; a span running on past the line end is cut there.
            var endColumn = span.End - lineStart + 1;
            writer.Write(text);
            writer.Write(NewLine);
            writer.Write(CaretLine(text, column, endColumn));
            writer.Write(NewLine);
        }

        var hint = diagnostic.Hint(language);
        if (hint is not null)
        {
            writer.Write(language == Language.Zh ? "  提示：" : "  hint: ");
            writer.Write(hint);
            writer.Write(NewLine);
        }
    }

    /// <summary>The diagnostics in text form followed by the summary line, as one string.</summary>
    public static string ToText(IEnumerable<Diagnostic> diagnostics, Language language = Language.En)
    {
        var list = diagnostics.ToList();
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteText(writer, list, language);
        WriteSummary(writer, list.Count(d => d.IsError), list.Count(d => !d.IsError), language);
        return writer.ToString();
    }

    /// <summary><c>N error(s), M warning(s)</c>, or <c>N 个错误，M 个警告</c> in Chinese.</summary>
    public static string Summary(int errors, int warnings, Language language = Language.En) => language == Language.Zh
        ? string.Create(CultureInfo.InvariantCulture, $"{errors} 个错误，{warnings} 个警告")
        : string.Create(CultureInfo.InvariantCulture, $"{errors} error(s), {warnings} warning(s)");

    public static void WriteSummary(TextWriter writer, int errors, int warnings, Language language = Language.En)
    {
        writer.Write(Summary(errors, warnings, language));
        writer.Write(NewLine);
    }

    public static string SeverityWord(Severity severity, Language language = Language.En) => (severity, language) switch
    {
        (Severity.Error, Language.Zh) => "错误",
        (Severity.Warning, Language.Zh) => "警告",
        (Severity.Error, _) => "error",
        _ => "warning",
    };

    /// <summary>
    /// The line under a source line that marks columns [<paramref name="startColumn"/>, <paramref name="endColumn"/>)
    /// (1-based, in UTF-16 code units like <see cref="SourceText.Position"/>): <c>^</c> under the first character,
    /// <c>~</c> under the rest, one <c>^</c> for an empty span. Text before the span becomes blanks of the same
    /// terminal width: tabs stay tabs and wide (CJK) characters become two spaces, so the caret lines up.
    /// </summary>
    public static string CaretLine(string line, int startColumn, int endColumn)
    {
        var start = Math.Max(0, startColumn - 1);
        var end = Math.Min(Math.Max(start, endColumn - 1), line.Length);
        var caret = new StringBuilder();
        var i = 0;
        for (; i < start && i < line.Length; i += CharLength(line, i))
        {
            if (line[i] == '\t') caret.Append('\t');
            else caret.Append(' ', TerminalWidth(line, i));
        }
        // The span starts past the line end (e.g. a token missing after the last one): one blank per column.
        if (start > line.Length) caret.Append(' ', start - line.Length);

        if (i >= end)
        {
            caret.Append('^');
            return caret.ToString();
        }
        var first = true;
        for (; i < end; i += CharLength(line, i))
        {
            var width = Math.Max(1, TerminalWidth(line, i));
            caret.Append(first ? '^' : '~');
            caret.Append('~', width - 1);
            first = false;
        }
        return caret.ToString();
    }

    /// <summary>How many terminal columns the character at <paramref name="index"/> takes: 2 for East Asian wide and
    /// fullwidth characters, 0 for combining marks, 1 otherwise (a tab counts 1; callers keep tabs as tabs).</summary>
    public static int TerminalWidth(string text, int index)
    {
        var codePoint = char.IsSurrogatePair(text, index) ? char.ConvertToUtf32(text, index) : text[index];
        return TerminalWidth(codePoint);
    }

    public static int TerminalWidth(int codePoint)
    {
        if (codePoint < 0x1100) return IsCombining(codePoint) ? 0 : 1;
        if (IsWide(codePoint)) return 2;
        return IsCombining(codePoint) ? 0 : 1;
    }

    private static bool IsCombining(int codePoint)
    {
        if (codePoint < 0x300) return false;
        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format;
    }

    // East Asian Width W and F ranges (Unicode 15), condensed to the blocks that matter in policy files.
    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F          // Hangul Jamo initials
        or >= 0x231A and <= 0x231B or >= 0x2329 and <= 0x232A or >= 0x23E9 and <= 0x23EC
        or 0x23F0 or 0x23F3 or >= 0x25FD and <= 0x25FE or >= 0x2614 and <= 0x2615
        or >= 0x2648 and <= 0x2653 or 0x267F or 0x2693 or 0x26A1 or >= 0x26AA and <= 0x26AB
        or >= 0x26BD and <= 0x26BE or >= 0x26C4 and <= 0x26C5 or 0x26CE or 0x26D4 or 0x26EA
        or >= 0x26F2 and <= 0x26F3 or 0x26F5 or 0x26FA or 0x26FD or 0x2705 or >= 0x270A and <= 0x270B
        or 0x2728 or 0x274C or 0x274E or >= 0x2753 and <= 0x2755 or 0x2757 or >= 0x2795 and <= 0x2797
        or 0x27B0 or 0x27BF or >= 0x2B1B and <= 0x2B1C or 0x2B50 or 0x2B55
        or >= 0x2E80 and <= 0x303E            // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        or >= 0x3041 and <= 0x33FF            // Hiragana, Katakana, Bopomofo, Hangul compatibility, Kanbun, CJK strokes, enclosed
        or >= 0x3400 and <= 0x4DBF            // CJK extension A
        or >= 0x4E00 and <= 0x9FFF            // CJK unified ideographs
        or >= 0xA000 and <= 0xA4CF            // Yi
        or >= 0xA960 and <= 0xA97F            // Hangul Jamo extended A
        or >= 0xAC00 and <= 0xD7A3            // Hangul syllables
        or >= 0xF900 and <= 0xFAFF            // CJK compatibility ideographs
        or >= 0xFE10 and <= 0xFE19            // vertical forms
        or >= 0xFE30 and <= 0xFE6F            // CJK compatibility forms, small form variants
        or >= 0xFF00 and <= 0xFF60            // fullwidth forms
        or >= 0xFFE0 and <= 0xFFE6            // fullwidth signs (￥)
        or >= 0x16FE0 and <= 0x18CFF or >= 0x1B000 and <= 0x1B2FF
        or 0x1F004 or 0x1F0CF or 0x1F18E or >= 0x1F191 and <= 0x1F19A or >= 0x1F200 and <= 0x1F251
        or >= 0x1F300 and <= 0x1F64F          // pictographs and emoticons (mostly wide)
        or >= 0x1F680 and <= 0x1F6FF or >= 0x1F900 and <= 0x1F9FF or >= 0x1FA70 and <= 0x1FAFF
        or >= 0x20000 and <= 0x2FFFD or >= 0x30000 and <= 0x3FFFD; // CJK extensions B and beyond

    private static int CharLength(string text, int index) => char.IsSurrogatePair(text, index) ? 2 : 1;

    // ---------------------------------------------------------------------------------------------
    // JSON

    /// <summary>Writes the diagnostics as a JSON array for tools (editors, CI annotations).</summary>
    public static void WriteJson(TextWriter writer, IEnumerable<Diagnostic> diagnostics, Language language = Language.En, bool indented = true)
    {
        using var json = new JsonTextWriter(writer) { Formatting = indented ? Newtonsoft.Json.Formatting.Indented : Newtonsoft.Json.Formatting.None, CloseOutput = false };
        json.WriteStartArray();
        foreach (var diagnostic in diagnostics)
        {
            var (line, column) = diagnostic.Span.StartPosition;
            var (endLine, endColumn) = diagnostic.Span.EndPosition;
            json.WriteStartObject();
            json.WritePropertyName("file"); json.WriteValue(diagnostic.Span.File);
            json.WritePropertyName("line"); json.WriteValue(line);
            json.WritePropertyName("column"); json.WriteValue(column);
            json.WritePropertyName("endLine"); json.WriteValue(endLine);
            json.WritePropertyName("endColumn"); json.WriteValue(endColumn);
            json.WritePropertyName("severity"); json.WriteValue(diagnostic.IsError ? "error" : "warning");
            json.WritePropertyName("code"); json.WriteValue(diagnostic.Code);
            json.WritePropertyName("message"); json.WriteValue(diagnostic.Message(language));
            json.WritePropertyName("hint"); json.WriteValue(diagnostic.Hint(language));
            if (!diagnostic.Fixes.IsEmpty)
            {
                // The quick fixes, as an editor applies them: replace each range [line:column, endLine:endColumn) with newText.
                json.WritePropertyName("fixes");
                json.WriteStartArray();
                foreach (var fix in diagnostic.Fixes)
                {
                    json.WriteStartObject();
                    json.WritePropertyName("title"); json.WriteValue(fix.Title.In(language));
                    json.WritePropertyName("edits");
                    json.WriteStartArray();
                    foreach (var change in fix.Changes)
                    {
                        var (fromLine, fromColumn) = change.Span.StartPosition;
                        var (toLine, toColumn) = change.Span.EndPosition;
                        json.WriteStartObject();
                        json.WritePropertyName("line"); json.WriteValue(fromLine);
                        json.WritePropertyName("column"); json.WriteValue(fromColumn);
                        json.WritePropertyName("endLine"); json.WriteValue(toLine);
                        json.WritePropertyName("endColumn"); json.WriteValue(toColumn);
                        json.WritePropertyName("newText"); json.WriteValue(change.NewText);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.Flush();
    }

    public static string ToJson(IEnumerable<Diagnostic> diagnostics, Language language = Language.En, bool indented = true)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteJson(writer, diagnostics, language, indented);
        return writer.ToString();
    }
}
