using System.Text;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Teams;

/// <summary>
/// The text encoding of a CSV team file: UTF-8 (with or without a byte order mark) when its bytes are UTF-8, else
/// GB18030 (what Excel in China saves as "CSV") when they decode as that, else none. Decided by one pass over the bytes
/// without keeping them.
/// </summary>
internal static class TeamEncoding
{
    static TeamEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding to read with and its name as reported, or null with the reason.</summary>
    public static (Encoding? Encoding, string Name, Bilingual? Error) Detect(Stream stream)
    {
        var start = stream.Position;
        Span<byte> bom = stackalloc byte[3];
        var read = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        var hasBom = read == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF;
        stream.Position = start;
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        if (Decodes(stream, utf8)) return (utf8, hasBom ? "UTF-8 with BOM" : "UTF-8", null);
        var gb18030 = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        stream.Position = start;
        if (Decodes(stream, gb18030)) return (gb18030, "GB18030", null);
        return (null, "", new Bilingual(
            "the file is neither UTF-8 nor GB18030 text: save it as \"CSV UTF-8\" (or as .xlsx)",
            "文件既不是 UTF-8 也不是 GB18030 文本：请另存为“CSV UTF-8”（或 .xlsx）"));
    }

    private static bool Decodes(Stream stream, Encoding encoding)
    {
        var decoder = encoding.GetDecoder();
        var buffer = new byte[64 * 1024];
        var chars = new char[encoding.GetMaxCharCount(buffer.Length)];
        try
        {
            // GetChars, not GetCharCount: only decoding carries a character split between two reads over to the next.
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) decoder.GetChars(buffer, 0, n, chars, 0, flush: false);
            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
