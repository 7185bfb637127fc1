using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Appraisal.Engine.Facts;

/// <summary>
/// The tokens of a fact document in UTF-8, read by <see cref="Utf8JsonReader"/>, which is strict JSON (RFC 8259) by
/// itself: comments, trailing commas, single quotes, unquoted names, leading zeros and NaN are malformed. Nothing is
/// decoded that the fact reader does not ask for: names and enum members are found by their UTF-8 bytes as they stand
/// (escaped ones as characters in a scratch buffer), and a number is parsed once, to a decimal, from its own bytes.
/// </summary>
[SkipLocalsInit] // stack buffers are written before they are read
internal ref struct Utf8FactTokens : IFactTokens
{
    private readonly ReadOnlySpan<byte> _bytes;
    private Utf8JsonReader _reader;
    private readonly bool _empty;
    private FactToken _token;
    private decimal _number;
    private string? _text;

    public Utf8FactTokens(ReadOnlySpan<byte> utf8)
    {
        _bytes = utf8;
        // One value: anything after it is malformed, as strict JSON has it.
        _reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = int.MaxValue });
        _empty = utf8.TrimStart(" \t\r\n"u8).IsEmpty;
    }

    public readonly FactToken Token => _token;
    public readonly decimal Number => _number;
    public readonly bool Bool => _token == FactToken.Bool && _reader.TokenType == JsonTokenType.True;

    public string Text => _text ??= _token switch
    {
        FactToken.Property or FactToken.String => Decode(),
        FactToken.Number => _number.ToString(CultureInfo.InvariantCulture),
        _ => Encoding.UTF8.GetString(_reader.ValueSpan),
    };

    public bool Read()
    {
        _text = null;
        if (_empty)
        {
            _token = FactToken.End;
            return false;
        }
        try
        {
            if (!_reader.Read())
            {
                _token = FactToken.End;
                return false;
            }
        }
        catch (JsonException e)
        {
            throw Malformed(e.Message, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
        }
        _token = _reader.TokenType switch
        {
            JsonTokenType.StartObject => FactToken.StartObject,
            JsonTokenType.EndObject => FactToken.EndObject,
            JsonTokenType.StartArray => FactToken.StartArray,
            JsonTokenType.EndArray => FactToken.EndArray,
            JsonTokenType.PropertyName => FactToken.Property,
            JsonTokenType.String => FactToken.String,
            JsonTokenType.Number => ReadNumber(),
            JsonTokenType.True or JsonTokenType.False => FactToken.Bool,
            JsonTokenType.Null => FactToken.Null,
            _ => FactToken.Other,
        };
        return true;
    }

    public readonly bool TryCopy(scoped Span<char> destination, out int written)
    {
        var span = _reader.ValueSpan; // one contiguous buffer: never a sequence
        // Unescaping never lengthens a value, and UTF-8 has at least one byte per UTF-16 character.
        written = 0;
        if (span.Length > destination.Length) return false;
        if (!_reader.ValueIsEscaped)
        {
            written = Encoding.UTF8.GetChars(span, destination);
            return true;
        }
        try
        {
            written = _reader.CopyString(destination);
            return true;
        }
        catch (InvalidOperationException)
        {
            throw NoCharacter();
        }
    }

    public int IndexIn(NameTable names)
    {
        if (!_reader.ValueIsEscaped) return names.IndexOf(_reader.ValueSpan); // the bytes as they stand: the usual case
        Span<char> scratch = stackalloc char[128];
        return TryCopy(scratch, out var length) ? names.IndexOf(scratch[..length]) : names.IndexOf(Text);
    }

    public readonly MalformedFactsException CutShort()
    {
        // The JSON reader itself rejects a document cut short; this only guards.
        var (line, position) = LineAndPosition(_bytes.Length);
        return Malformed("Unexpected end of JSON.", line, position);
    }

    private string Decode()
    {
        try
        {
            return _reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw NoCharacter(); // an escape that is no character: a lone surrogate, "\ud800"
        }
    }

    private readonly MalformedFactsException NoCharacter()
    {
        var (line, position) = LineAndPosition((int)_reader.TokenStartIndex);
        return Malformed("An escape in a string is not a character (a lone surrogate).", line, position);
    }

    /// <summary>The token is a number: its decimal, exactly as written, or what keeps it from being one.</summary>
    private FactToken ReadNumber()
    {
        var bytes = _reader.ValueSpan;
        if (JsonNumbers.TryPlainInteger(bytes, out _number)) return FactToken.Number;
        // A JSON number is ASCII: one character per byte.
        Span<char> scratch = stackalloc char[128];
        ReadOnlySpan<char> text = bytes.Length <= scratch.Length
            ? scratch[..Encoding.UTF8.GetChars(bytes, scratch)]
            : Encoding.UTF8.GetString(bytes);
        return JsonNumbers.Read(text, out _number);
    }

    private readonly MalformedFactsException Malformed(string message, long line, long bytePosition)
    {
        var reason = message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) reason = reason[..cut];
        reason = reason.TrimEnd('.', ' ', '|');
        if (reason.EndsWith(" Path: $", StringComparison.Ordinal)) reason = reason[..^" Path: $".Length].TrimEnd('.', ' ');
        return new MalformedFactsException(reason, line + 1, Column((int)line, bytePosition));
    }

    /// <summary>The column, in characters from 1, of a byte position in a line (both from 0).</summary>
    private readonly long Column(int line, long bytePosition)
    {
        var start = 0;
        for (var i = 0; i < line; i++)
        {
            var next = _bytes[start..].IndexOf((byte)'\n');
            if (next < 0) break;
            start += next + 1;
        }
        var end = (int)Math.Min(_bytes.Length, start + bytePosition);
        return Encoding.UTF8.GetCharCount(_bytes[start..end]) + 1;
    }

    /// <summary>The line and the byte position in it (both from 0) of a byte offset.</summary>
    private readonly (long Line, long Position) LineAndPosition(int offset)
    {
        var before = _bytes[..Math.Min(offset, _bytes.Length)];
        var line = before.Count((byte)'\n');
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line, offset - lineStart);
    }
}
