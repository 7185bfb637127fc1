using System.Buffers.Binary;
using System.Text;

namespace Appraisal.Engine.Facts;

/// <summary>
/// A fixed set of names (an object's fields, an enum's members) found by their UTF-8 bytes as JSON text holds them, so
/// the fact reader matches a name without decoding it: an open-addressed table, at most half full, built once per
/// schema. Its hash reads the length and the first and last eight bytes, so finding a name costs the same for any
/// length; whoever sends the facts cannot add to the table, so a lookup probes at most the table's size.
/// </summary>
internal sealed class Utf8Names
{
    private readonly byte[][] _names;
    private readonly int[] _slots; // a name's index + 1; 0 is empty
    private readonly int _shift;

    public Utf8Names(IEnumerable<string> names)
    {
        _names = [.. names.Select(Encoding.UTF8.GetBytes)];
        var bits = 2;
        while ((1 << bits) < _names.Length * 2) bits++;
        _slots = new int[1 << bits];
        _shift = 64 - bits;
        for (var i = 0; i < _names.Length; i++)
        {
            var slot = Slot(_names[i]);
            while (_slots[slot] != 0) slot = (slot + 1) & (_slots.Length - 1);
            _slots[slot] = i + 1;
        }
    }

    public int Count => _names.Length;

    /// <summary>The name at <paramref name="index"/>, as UTF-8.</summary>
    public ReadOnlySpan<byte> this[int index] => _names[index];

    /// <summary>The index of the name these bytes spell, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        var mask = _slots.Length - 1;
        var slot = Slot(name);
        while (_slots[slot] is var entry and not 0)
        {
            if (name.SequenceEqual(_names[entry - 1])) return entry - 1;
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private int Slot(ReadOnlySpan<byte> name)
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
        var mixed = (first ^ (last * 0x9E3779B97F4A7C15UL) ^ (ulong)name.Length) * 0xBF58476D1CE4E5B9UL;
        return (int)(mixed >> _shift);
    }
}
