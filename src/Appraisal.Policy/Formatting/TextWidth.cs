using System.Text;

namespace Appraisal.Policy.Formatting;

/// <summary>
/// Display width in a monospaced editor: CJK and full-width characters take two columns.
/// Used to align columns of Chinese names the way they look on screen.
/// </summary>
internal static class TextWidth
{
    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes()) width += IsWide(rune) ? 2 : 1;
        return width;
    }

    /// <summary>Pads <paramref name="text"/> with spaces to <paramref name="width"/> display columns.</summary>
    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - Of(text)));

    private static bool IsWide(Rune rune) => rune.Value switch
    {
        >= 0x1100 and <= 0x115F => true,   // Hangul Jamo
        >= 0x2E80 and <= 0x303E => true,   // CJK radicals, punctuation
        >= 0x3041 and <= 0x33FF => true,   // kana, CJK symbols
        >= 0x3400 and <= 0x4DBF => true,   // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true,   // CJK unified ideographs
        >= 0xA000 and <= 0xA4CF => true,   // Yi
        >= 0xAC00 and <= 0xD7A3 => true,   // Hangul syllables
        >= 0xF900 and <= 0xFAFF => true,   // CJK compatibility ideographs
        >= 0xFE30 and <= 0xFE4F => true,   // CJK compatibility forms
        >= 0xFF00 and <= 0xFF60 => true,   // full-width forms
        >= 0xFFE0 and <= 0xFFE6 => true,   // full-width signs (￥)
        >= 0x20000 and <= 0x3FFFD => true, // CJK extensions B and later
        _ => false,
    };
}
