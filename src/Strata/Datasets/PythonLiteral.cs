using System.Globalization;
using System.Text;

namespace Strata.Datasets;

/// <summary>
/// Parses the small subset of Python literal syntax that NumPy writes in a .npy header (the repr
/// of a dict): strings, integers, True/False/None, tuples, lists and dicts. Values come back as
/// string, long, bool, null, <see cref="List{T}"/> (tuples and lists alike) and
/// <see cref="Dictionary{TKey, TValue}"/>. A hand-written parser, because the header is Python,
/// not JSON, and evaluating it is out of the question.
/// </summary>
internal ref struct PythonLiteral
{
    private readonly ReadOnlySpan<char> _text;
    private readonly string _source;
    private int _pos;

    private PythonLiteral(ReadOnlySpan<char> text, string source)
    {
        _text = text;
        _source = source;
        _pos = 0;
    }

    /// <summary>Parses one literal filling the whole text (surrounding whitespace allowed).</summary>
    public static object? Parse(ReadOnlySpan<char> text, string source)
    {
        var parser = new PythonLiteral(text, source);
        object? value = parser.Value(depth: 0);
        parser.SkipSpace();
        if (parser._pos != text.Length) throw parser.Error("unexpected text after the literal");
        return value;
    }

    private object? Value(int depth)
    {
        // Real headers nest two levels at most (a structured descr); this bounds the recursion.
        if (depth > 32) throw Error("literal nested too deeply");
        SkipSpace();
        if (_pos >= _text.Length) throw Error("unexpected end of the literal");
        char c = _text[_pos];
        switch (c)
        {
            case '\'' or '"': return String(c);
            case '(': return Sequence(')', depth);
            case '[': return Sequence(']', depth);
            case '{': return Dict(depth);
        }
        if (c == '-' || c == '+' || char.IsAsciiDigit(c)) return Integer();
        if (Word("True")) return true;
        if (Word("False")) return false;
        if (Word("None")) return null;
        throw Error($"unexpected character '{c}'");
    }

    private string String(char quote)
    {
        _pos++; // opening quote
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            char c = _text[_pos++];
            if (c == '\\')
            {
                if (_pos >= _text.Length) break;
                char e = _text[_pos++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
            }
            else
            {
                sb.Append(c);
            }
        }
        if (_pos >= _text.Length) throw Error("unterminated string");
        _pos++; // closing quote
        return sb.ToString();
    }

    private long Integer()
    {
        int start = _pos;
        if (_text[_pos] is '-' or '+') _pos++;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        var digits = _text[start.._pos];
        // Python 2 wrote longs as "3L"; old .npy files still carry them.
        if (_pos < _text.Length && _text[_pos] is 'L' or 'l') _pos++;
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw Error($"'{digits}' is not an integer in range");
        }
        return value;
    }

    private List<object?> Sequence(char close, int depth)
    {
        _pos++; // opening bracket
        var items = new List<object?>();
        while (true)
        {
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == close) break;
            items.Add(Value(depth + 1));
            if (!Separator(close)) break;
        }
        Expect(close);
        return items;
    }

    private Dictionary<string, object?> Dict(int depth)
    {
        _pos++; // '{'
        var dict = new Dictionary<string, object?>();
        while (true)
        {
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == '}') break;
            if (Value(depth + 1) is not string key) throw Error("dict keys must be strings");
            Expect(':');
            if (!dict.TryAdd(key, Value(depth + 1))) throw Error($"key '{key}' appears twice");
            if (!Separator('}')) break;
        }
        Expect('}');
        return dict;
    }

    /// <summary>Consumes a comma if there is one; false when the sequence must end here.</summary>
    private bool Separator(char close)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == ',')
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (_pos >= _text.Length || _text[_pos] != c) throw Error($"expected '{c}'");
        _pos++;
    }

    private bool Word(string word)
    {
        if (!_text[_pos..].StartsWith(word, StringComparison.Ordinal)) return false;
        int end = _pos + word.Length;
        if (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_')) return false;
        _pos = end;
        return true;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private readonly InvalidDataException Error(string problem) =>
        new($"{_source}: the .npy header is not a valid Python literal ({problem} at character {_pos}): {Excerpt()}");

    private readonly string Excerpt()
    {
        string text = _text.ToString();
        return text.Length <= 200 ? text : text[..200] + "...";
    }
}
