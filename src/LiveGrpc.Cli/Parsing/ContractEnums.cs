using Google.Protobuf.Reflection;
using LiveGrpc.V1;

namespace LiveGrpc.Cli.Parsing;

/// <summary>The contract's enum descriptors (C# enums carry none themselves).</summary>
public static class ContractEnums
{
    public static readonly EnumDescriptor StreamStatus = StreamReflection.Descriptor.FindTypeByName<EnumDescriptor>("StreamStatus");
    public static readonly EnumDescriptor Visibility = StreamReflection.Descriptor.FindTypeByName<EnumDescriptor>("Visibility");
    public static readonly EnumDescriptor EndReason = StreamReflection.Descriptor.FindTypeByName<EnumDescriptor>("EndReason");
    public static readonly EnumDescriptor MediaProvider = TokenServiceReflection.Descriptor.FindTypeByName<EnumDescriptor>("MediaProvider");
}
