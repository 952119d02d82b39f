using System.Buffers.Binary;
using System.IO.Compression;

namespace Strata.Saving;

/// <summary>
/// Checks that every member's local header carries the same name as its central-directory record, and
/// that the records fill exactly the central directory's recorded size, which ends where the end record
/// starts (a damaged count or end record would otherwise make members vanish: ZipArchive trusts the
/// count, and reads a zeroed end record as an empty archive behind "prepended" data).
/// A zip stores each name twice; <see cref="ZipArchive"/> reads only the directory's copy and does not
/// expose where the local headers are, so this walks the central directory itself (zip64 included) for
/// the offsets. Written by hand because no library in reach does the check, and it is small.
/// </summary>
internal static class ZipLocalHeaders
{
    private const uint EndSignature = 0x06054b50, Zip64EndSignature = 0x06064b50, Zip64LocatorSignature = 0x07064b50;
    private const uint DirectorySignature = 0x02014b50, LocalSignature = 0x04034b50;
    private const int EndLength = 22, MaxComment = 0xFFFF;

    public static void Check(Stream zip, int members, Func<string, Exception> invalid)
    {
        (long offset, long count, long size, long endAt) = Directory(zip, invalid);
        if (offset + size != endAt)
        {
            throw invalid($"the central directory ({size} bytes at offset {offset}) does not end where the end record starts (offset {endAt})");
        }
        if (count != members) throw invalid($"the zip directory records {count} members, {members} were read");
        zip.Position = offset;
        var record = new byte[46];
        for (long i = 0; i < count; i++)
        {
            ReadExactly(zip, record, invalid, "a central directory record");
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != DirectorySignature) throw invalid($"central directory record {i} has a bad signature");
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(30));
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(record.AsSpan(32));
            var name = new byte[nameLength];
            var extra = new byte[extraLength];
            ReadExactly(zip, name, invalid, "a member name");
            ReadExactly(zip, extra, invalid, "a member's extra field");
            long next = zip.Position + commentLength;
            long local = LocalOffset(record, extra);
            CheckLocalName(zip, local, name, invalid);
            zip.Position = next;
        }
        if (zip.Position != offset + size)
        {
            throw invalid($"the central directory's {count} records fill {zip.Position - offset} bytes, its end record says {size}");
        }
    }

    /// <summary>Where the central directory starts and how many records it has, from the (zip64) end record.</summary>
    private static (long Offset, long Count, long Size, long EndAt) Directory(Stream zip, Func<string, Exception> invalid)
    {
        int tail = (int)Math.Min(zip.Length, EndLength + MaxComment);
        var buffer = new byte[tail];
        zip.Position = zip.Length - tail;
        ReadExactly(zip, buffer, invalid, "the end of the archive");
        for (int at = tail - EndLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at)) != EndSignature) continue;
            long count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 10));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 12));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 16));
            if (count != 0xFFFF && offset != 0xFFFFFFFF && size != 0xFFFFFFFF) return (offset, count, size, zip.Length - tail + at);
            return Zip64Directory(zip, zip.Length - tail + at, invalid);
        }
        throw invalid("it has no end-of-central-directory record");
    }

    private static (long Offset, long Count, long Size, long EndAt) Zip64Directory(Stream zip, long endAt, Func<string, Exception> invalid)
    {
        var locator = new byte[20];
        if (endAt < locator.Length) throw invalid("its zip64 end-of-directory locator is missing");
        zip.Position = endAt - locator.Length;
        ReadExactly(zip, locator, invalid, "the zip64 locator");
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature) throw invalid("its zip64 end-of-directory locator is missing");
        var end = new byte[56];
        long zip64EndAt = Within(zip, (long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8)), invalid);
        zip.Position = zip64EndAt;
        ReadExactly(zip, end, invalid, "the zip64 end record");
        if (BinaryPrimitives.ReadUInt32LittleEndian(end) != Zip64EndSignature) throw invalid("its zip64 end-of-directory record has a bad signature");
        long count = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(end.AsSpan(32)), long.MaxValue);
        long size = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(end.AsSpan(40)), long.MaxValue);
        return (Within(zip, (long)BinaryPrimitives.ReadUInt64LittleEndian(end.AsSpan(48)), invalid), count, size, zip64EndAt);
    }

    /// <summary>The local header's offset: the record's 32-bit field, or the zip64 extra field's when that is 0xFFFFFFFF.</summary>
    private static long LocalOffset(byte[] record, byte[] extra)
    {
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(42));
        if (offset != 0xFFFFFFFF) return offset;
        // The zip64 field (id 1) holds, in this order, only the values whose 32-bit fields are saturated.
        int skip = (BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(24)) == 0xFFFFFFFF ? 8 : 0)
                 + (BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(20)) == 0xFFFFFFFF ? 8 : 0);
        for (int at = 0; at + 4 <= extra.Length;)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra.AsSpan(at));
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra.AsSpan(at + 2));
            if (id == 1 && skip + 8 <= size && at + 4 + skip + 8 <= extra.Length)
            {
                return (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(extra.AsSpan(at + 4 + skip)), long.MaxValue);
            }
            at += 4 + size;
        }
        return offset;
    }

    private static void CheckLocalName(Stream zip, long local, byte[] name, Func<string, Exception> invalid)
    {
        string member = $"member '{System.Text.Encoding.UTF8.GetString(name)}'";
        var header = new byte[30];
        zip.Position = Within(zip, local, invalid);
        ReadExactly(zip, header, invalid, $"the local header of {member}");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalSignature) throw invalid($"the local header of {member} has a bad signature");
        var localName = new byte[BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26))];
        ReadExactly(zip, localName, invalid, $"the local header of {member}");
        if (!localName.AsSpan().SequenceEqual(name))
        {
            throw invalid($"{member} is named '{System.Text.Encoding.UTF8.GetString(localName)}' in its local header: the archive is corrupted");
        }
    }

    private static long Within(Stream zip, long offset, Func<string, Exception> invalid) =>
        offset >= 0 && offset < zip.Length ? offset : throw invalid($"the zip directory points at offset {offset}, outside the {zip.Length}-byte file");

    private static void ReadExactly(Stream zip, byte[] buffer, Func<string, Exception> invalid, string what)
    {
        if (zip.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length) throw invalid($"{what} is cut off by the end of the file");
    }
}
