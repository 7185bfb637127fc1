using System.Buffers.Binary;
using System.Text;

namespace Appraisal.Engine.Facts;

/// <summary>
/// A fixed set of names (an object's fields, an enum's members), built once per schema, in which the fact reader finds
/// the name or string it is at without making a string: by the UTF-8 bytes JSON text holds (an open-addressed table,
/// at most half full, whose hash reads the length and the first and last eight bytes, so a lookup costs the same for
/// any length; whoever sends the facts cannot add to it, so a lookup probes at most the table's size), or by
/// characters or a string (facts in memory, escaped text).
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byText;
    private readonly byte[][] _names;
    private readonly int[] _slots; // a name's index + 1; 0 is empty
    private readonly ulong[] _hashes; // the hash of the name in each slot, compared before its bytes
    private readonly int _shift;

    public NameTable(IReadOnlyList<string> names)
    {
        var byText = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++) byText.TryAdd(names[i], i); // the first of two equal names, as a scan would find it
        _byText = byText.GetAlternateLookup<ReadOnlySpan<char>>();
        _names = [.. names.Select(Encoding.UTF8.GetBytes)];
        var bits = 2;
        while ((1 << bits) < _names.Length * 2) bits++;
        _slots = new int[1 << bits];
        _hashes = new ulong[1 << bits];
        _shift = 64 - bits;
        for (var i = 0; i < _names.Length; i++)
        {
            var hash = Hash(_names[i]);
            var slot = (int)(hash >> _shift);
            while (_slots[slot] != 0) slot = (slot + 1) & (_slots.Length - 1);
            _slots[slot] = i + 1;
            _hashes[slot] = hash;
        }
    }

    /// <summary>The index of the name these characters spell, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> name) => _byText.TryGetValue(name, out var index) ? index : -1;

    /// <summary>The index of this name, or -1.</summary>
    public int IndexOf(string name) => _byText.Dictionary.TryGetValue(name, out var index) ? index : -1;

    /// <summary>The index of the name these bytes spell, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        var slots = _slots;
        var hashes = _hashes;
        var mask = slots.Length - 1;
        var hash = Hash(name);
        var slot = (int)(hash >> _shift);
        while (slots[slot] is var entry and not 0)
        {
            if (hashes[slot] == hash && name.SequenceEqual(_names[entry - 1])) return entry - 1;
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static ulong Hash(ReadOnlySpan<byte> name)
    {
        ulong first, last = 0;
        if (name.Length >= 8)
        {
            first = BinaryPrimitives.ReadUInt64LittleEndian(name);
            last = BinaryPrimitives.ReadUInt64LittleEndian(name[^8..]);
        }
        else
        {
            first = 0;
            foreach (var b in name) first = (first << 8) | b;
        }
        return (first ^ (last * 0x9E3779B97F4A7C15UL) ^ (ulong)name.Length) * 0xBF58476D1CE4E5B9UL;
    }
}
