using System.Collections;
using System.Text;

namespace LiveGrpc.Rpc;

/// <summary>
/// Call headers or trailers. Keys are lower-case ASCII; keys ending in "-bin" carry bytes
/// (base64 on the wire), all others carry printable ASCII text.
/// </summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    public const string BinaryHeaderSuffix = "-bin";

    private readonly List<Entry> _entries = [];

    public static readonly Metadata Empty = new(readOnly: true);

    private readonly bool _readOnly;

    public Metadata() { }

    private Metadata(bool readOnly) => _readOnly = readOnly;

    public void Add(string key, string value) => Add(new Entry(key, value));

    public void Add(string key, byte[] valueBytes) => Add(new Entry(key, valueBytes));

    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }
        return null;
    }

    public string? GetValue(string key) => Get(key)?.Value;

    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    public IEnumerable<Entry> GetAll(string key) =>
        _entries.Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    public Entry this[int index]
    {
        get => _entries[index];
        set { ThrowIfReadOnly(); _entries[index] = value; }
    }

    public int Count => _entries.Count;

    public bool IsReadOnly => _readOnly;

    public void Add(Entry item) { ThrowIfReadOnly(); _entries.Add(item); }

    public void Clear() { ThrowIfReadOnly(); _entries.Clear(); }

    public bool Contains(Entry item) => _entries.Contains(item);

    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(Entry item) => _entries.IndexOf(item);

    public void Insert(int index, Entry item) { ThrowIfReadOnly(); _entries.Insert(index, item); }

    public bool Remove(Entry item) { ThrowIfReadOnly(); return _entries.Remove(item); }

    public void RemoveAt(int index) { ThrowIfReadOnly(); _entries.RemoveAt(index); }

    private void ThrowIfReadOnly()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("Metadata is read-only.");
        }
    }

    /// <summary>One key and its value.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key \"{Key}\" ends in \"-bin\" and needs a byte[] value.", nameof(key));
            }
            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                // Printable ASCII only (PROTOCOL-HTTP2.md: ASCII-Value).
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException($"Metadata value for \"{Key}\" must be printable ASCII; use a \"-bin\" key for other data.", nameof(value));
                }
            }
            _value = value;
        }

        public Entry(string key, byte[] valueBytes)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key \"{Key}\" carries bytes and must end in \"-bin\".", nameof(key));
            }
            _valueBytes = valueBytes ?? throw new ArgumentNullException(nameof(valueBytes));
        }

        public string Key { get; }

        public bool IsBinary => _valueBytes is not null;

        /// <summary>The text value; throws for a binary entry.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"\"{Key}\" is a binary entry; read ValueBytes.");

        /// <summary>The bytes: the binary value, or the ASCII bytes of a text value.</summary>
        public byte[] ValueBytes => _valueBytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary ? $"{Key}: <{_valueBytes!.Length} bytes>" : $"{Key}: {_value}";

        internal static bool IsBinaryKey(string key) => key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal);

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var lower = key.ToLowerInvariant();
            foreach (var c in lower)
            {
                if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
                {
                    throw new ArgumentException($"Metadata key \"{key}\" may contain only 0-9 a-z - _ and '.'.", nameof(key));
                }
            }
            return lower;
        }
    }
}
