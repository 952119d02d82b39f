using System.Text.Json.Serialization;

namespace Strata.Saving;

/// <summary>The typed JSON Strata reads, serialized by generated code (no reflection: trimming and Native AOT keep it).</summary>
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
internal sealed partial class StrataJsonContext : JsonSerializerContext;
