namespace Strata.Tests.Fuzz;

/// <summary>
/// Seeded damage of a file's bytes, of the kinds found in the wild and in hostile files: bit flips, bytes
/// set to 0x00/0xFF/random, truncation, zeroed ranges, inserted and deleted bytes, and header-sized fields
/// overwritten with huge values.
/// </summary>
internal sealed class Mutator(int seed)
{
    private readonly System.Random _random = new(seed);

    public byte[] Mutate(byte[] original)
    {
        var bytes = new List<byte>(original);
        int edits = 1 + (_random.Next(4) == 0 ? _random.Next(4) : 0);
        for (int e = 0; e < edits && bytes.Count > 0; e++) Edit(bytes);
        return [.. bytes];
    }

    private void Edit(List<byte> bytes)
    {
        int at = _random.Next(bytes.Count);
        switch (_random.Next(8))
        {
            case 0:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                bytes[at] = (byte)(_random.Next(2) == 0 ? 0x00 : 0xFF);
                break;
            case 2:
                bytes[at] = (byte)_random.Next(256);
                break;
            case 3:
                bytes.RemoveRange(at, bytes.Count - at); // truncation
                break;
            case 4:
                for (int i = at; i < Math.Min(bytes.Count, at + 1 + _random.Next(64)); i++) bytes[i] = 0;
                break;
            case 5:
                bytes.InsertRange(at, Enumerable.Range(0, 1 + _random.Next(8)).Select(_ => (byte)_random.Next(256)));
                break;
            case 6:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(8)));
                break;
            default:
                // A size or offset field gone huge: 2 or 4 bytes of 0xFF, or a large positive 32-bit value.
                byte[] field = _random.Next(3) switch
                {
                    0 => [0xFF, 0xFF],
                    1 => [0xFF, 0xFF, 0xFF, 0xFF],
                    _ => BitConverter.GetBytes(0x7FFFFFF0 + _random.Next(16)),
                };
                for (int i = 0; i < field.Length && at + i < bytes.Count; i++) bytes[at + i] = field[i];
                break;
        }
    }
}
