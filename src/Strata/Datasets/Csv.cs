using System.Globalization;

namespace Strata.Datasets;

/// <summary>
/// Reads a numeric CSV table (one row per line, the same number of fields on every line) into a
/// Float32 matrix, as <c>np.loadtxt(path, delimiter=",", skiprows=1)</c> would: deliberately small,
/// no quoting rules beyond trimming quotes from header names. Blank lines are skipped.
/// </summary>
public static class Csv
{
    /// <summary>Reads the table at <paramref name="path"/>: the header's names (empty without a header) and a (rows, columns) Float32 tensor.</summary>
    /// <exception cref="InvalidDataException">A row has another number of fields, or a field is not a number; the message names the file, line and column.</exception>
    public static (string[] Header, Tensor Values) Read(string path, bool hasHeader = true, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] header = [];
        var values = new List<float>();
        int columns = -1, rows = 0, lineNumber = 0, widthLine = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] fields = line.Split(separator);
            if (columns < 0)
            {
                columns = fields.Length;
                widthLine = lineNumber;
                if (hasHeader)
                {
                    header = [.. fields.Select(f => f.Trim().Trim('"'))];
                    continue;
                }
            }
            else if (fields.Length != columns)
            {
                throw new InvalidDataException($"'{path}', line {lineNumber}: {fields.Length} fields, but line {widthLine} has {columns} (separator '{separator}').");
            }
            for (int c = 0; c < fields.Length; c++)
            {
                string field = fields[c].Trim();
                if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                {
                    string name = hasHeader ? $" ('{header[c]}')" : "";
                    throw new InvalidDataException($"'{path}', line {lineNumber}, column {c + 1}{name}: '{field}' is not a number.");
                }
                values.Add(value);
            }
            rows++;
        }
        return (header, new Tensor(values.ToArray(), 0, new Shape(rows, Math.Max(columns, 0)), DType.Float32));
    }
}
