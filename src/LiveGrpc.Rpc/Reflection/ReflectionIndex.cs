using Google.Protobuf.Reflection;

namespace LiveGrpc.Rpc.Reflection;

/// <summary>
/// Every symbol, file and extension reachable from a set of services, by the names server
/// reflection is asked for. Built once from the descriptors; immutable afterwards.
/// </summary>
public sealed class ReflectionIndex
{
    private readonly Dictionary<string, FileDescriptor> _filesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _filesBySymbol = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageDescriptor> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Extendee, int Number), FieldDescriptor> _extensions = [];

    public ReflectionIndex(IEnumerable<ServiceDescriptor> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var names = new List<string>();
        foreach (var service in services)
        {
            if (!names.Contains(service.FullName))
            {
                names.Add(service.FullName);
            }
            AddFile(service.File);
        }
        ServiceNames = names;
    }

    /// <summary>Full names of the services, in the order they were given.</summary>
    public IReadOnlyList<string> ServiceNames { get; }

    public FileDescriptor? FindFileByName(string fileName) =>
        _filesByName.GetValueOrDefault(fileName);

    /// <summary>
    /// The file declaring a fully-qualified symbol: a service, method, message, enum (nested or
    /// not), field, oneof, enum value or extension. A leading '.' is accepted.
    /// </summary>
    public FileDescriptor? FindFileContainingSymbol(string symbol) =>
        _filesBySymbol.GetValueOrDefault(symbol.StartsWith('.') ? symbol[1..] : symbol);

    public MessageDescriptor? FindMessage(string fullName) =>
        _messages.GetValueOrDefault(fullName.StartsWith('.') ? fullName[1..] : fullName);

    public FieldDescriptor? FindExtension(string extendee, int number) =>
        _extensions.GetValueOrDefault((extendee.StartsWith('.') ? extendee[1..] : extendee, number));

    /// <summary>Field numbers of every known extension of the message, ascending.</summary>
    public IReadOnlyList<int> ExtensionNumbersOf(MessageDescriptor message) =>
        _extensions.Keys.Where(k => k.Extendee == message.FullName).Select(k => k.Number).Order().ToList();

    /// <summary>The file followed by its transitive dependencies, each once, as serialized FileDescriptorProtos.</summary>
    public static IReadOnlyList<Google.Protobuf.ByteString> WithDependencies(FileDescriptor file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Google.Protobuf.ByteString>();
        var queue = new Queue<FileDescriptor>();
        queue.Enqueue(file);
        seen.Add(file.Name);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            result.Add(next.SerializedData);
            foreach (var dependency in next.Dependencies)
            {
                if (seen.Add(dependency.Name))
                {
                    queue.Enqueue(dependency);
                }
            }
        }
        return result;
    }

    private void AddFile(FileDescriptor file)
    {
        if (!_filesByName.TryAdd(file.Name, file))
        {
            return;
        }
        foreach (var dependency in file.Dependencies)
        {
            AddFile(dependency);
        }
        foreach (var service in file.Services)
        {
            AddSymbol(service.FullName, file);
            foreach (var method in service.Methods)
            {
                AddSymbol(method.FullName, file);
            }
        }
        foreach (var message in file.MessageTypes)
        {
            AddMessage(message, file);
        }
        foreach (var enumType in file.EnumTypes)
        {
            AddEnum(enumType, file);
        }
        foreach (var extension in file.Extensions.UnorderedExtensions)
        {
            AddExtension(extension, file);
        }
    }

    private void AddMessage(MessageDescriptor message, FileDescriptor file)
    {
        AddSymbol(message.FullName, file);
        _messages.TryAdd(message.FullName, message);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            AddSymbol(field.FullName, file);
        }
        foreach (var oneof in message.Oneofs)
        {
            AddSymbol(oneof.FullName, file);
        }
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(nested, file);
        }
        foreach (var enumType in message.EnumTypes)
        {
            AddEnum(enumType, file);
        }
        foreach (var extension in message.Extensions.UnorderedExtensions)
        {
            AddExtension(extension, file);
        }
    }

    private void AddEnum(EnumDescriptor enumType, FileDescriptor file)
    {
        AddSymbol(enumType.FullName, file);
        // Enum values are scoped like their enum's siblings (C++ scoping rules), as protoc names them.
        var scope = enumType.FullName[..Math.Max(0, enumType.FullName.LastIndexOf('.'))];
        foreach (var value in enumType.Values)
        {
            AddSymbol(scope.Length == 0 ? value.Name : scope + "." + value.Name, file);
        }
    }

    private void AddExtension(FieldDescriptor extension, FileDescriptor file)
    {
        AddSymbol(extension.FullName, file);
        if (extension.ExtendeeType is { } extendee)
        {
            _extensions.TryAdd((extendee.FullName, extension.FieldNumber), extension);
        }
    }

    private void AddSymbol(string fullName, FileDescriptor file) => _filesBySymbol.TryAdd(fullName, file);
}
