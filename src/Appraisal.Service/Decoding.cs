using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Appraisal.Service.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RpcStatus = Google.Rpc.Status;

namespace Appraisal.Service;

/// <summary>
/// A request that cannot be decoded — a truncated or garbage protobuf message, a string that is not UTF-8 (proto3
/// strings must be), messages nested deeper than protobuf's recursion limit — is the caller's mistake:
/// INVALID_ARGUMENT naming the field (RESOURCE_EXHAUSTED for the nesting limit), not UNKNOWN. Google.Protobuf throws
/// while grpc-dotnet deserializes, before any handler or interceptor runs, so every method is bound with a request
/// marshaller that turns that exception into the status (<see cref="DecodingMethodProvider{TService}"/>).
/// </summary>
/// <remarks>
/// On <c>EvaluateStream</c> each message is its own gRPC frame, so one that cannot be decoded still has a place in the
/// stream: when its request id can be read, it becomes a placeholder whose answer is the error
/// (<see cref="FailureOf"/>) and the stream goes on. When not even the id can be read (the message's framing is
/// broken, or the id itself is not UTF-8) there is nothing to answer to: the stream ends with the error.
/// </remarks>
public static class Decoding
{
    private const int RecursionLimit = 100; // Google.Protobuf's default, which the generated parsers use

    private static readonly ConditionalWeakTable<object, RpcStatus> Failures = new();

    /// <summary>The error of a stream message that could not be decoded (a placeholder carrying its request id), else null.</summary>
    public static RpcStatus? FailureOf(EvaluateStreamRequest request) => Failures.TryGetValue(request, out var status) ? status : null;

    /// <summary>Replaces grpc-dotnet's binding of services with <see cref="DecodingMethodProvider{TService}"/>.</summary>
    public static IServiceCollection AddDecodingErrors(this IServiceCollection services)
    {
        var binder = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType is { Name: "BinderServiceMethodProvider`1" }).ToList();
        if (binder.Count != 1) throw new InvalidOperationException("grpc-dotnet's BinderServiceMethodProvider was not found: call AddDecodingErrors after AddGrpc");
        services.Remove(binder[0]);
        services.TryAddEnumerable(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(DecodingMethodProvider<>)));
        return services;
    }

    /// <summary><paramref name="inner"/>, with an undecodable message reported as a status instead of an exception.</summary>
    public static Marshaller<T> Guard<T>(Marshaller<T> inner, string methodName) where T : class
    {
        var descriptor = DescriptorOf(typeof(T));
        if (descriptor is null) return inner;
        return new Marshaller<T>(inner.ContextualSerializer, (DeserializationContext context) =>
        {
            try
            {
                return inner.ContextualDeserializer(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                var bytes = System.Buffers.BuffersExtensions.ToArray(context.PayloadAsReadOnlySequence());
                var (status, placeholder) = Reject(bytes, descriptor, e);
                if (placeholder is T answerable) return answerable;
                throw status.ToRpcException();
            }
        });
    }

    private static MessageDescriptor? DescriptorOf(Type type) =>
        type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as MessageDescriptor;

    /// <summary>The status for an undecodable message, and for a stream request whose id can be read, its placeholder.</summary>
    internal static (RpcStatus Status, object? Placeholder) Reject(byte[] bytes, MessageDescriptor descriptor, InvalidProtocolBufferException e)
    {
        var (field, reason, framed) = Locate(bytes, descriptor, "", 0) ?? (null, e.Message, false);
        var status = Status(field, reason, descriptor);
        if (descriptor.FullName != EvaluateStreamRequest.Descriptor.FullName || !framed || field == "request_id") return (status, null);
        var placeholder = new EvaluateStreamRequest { RequestId = RequestId(bytes) };
        Failures.AddOrUpdate(placeholder, status);
        return (status, placeholder);
    }

    private static RpcStatus Status(string? field, string reason, MessageDescriptor descriptor)
    {
        var subject = field ?? "(message)";
        if (reason.Contains("too many levels of nesting", StringComparison.OrdinalIgnoreCase))
        {
            return Errors.Limit(subject, "protobuf_recursion_limit", RecursionLimit,
                $"nested more than {RecursionLimit} messages deep (a Struct: about {RecursionLimit / 3} levels)");
        }
        return Errors.InvalidField(subject, $"a valid {descriptor.FullName} message (protobuf): {reason.TrimEnd('.', ' ')}");
    }

    /// <summary>
    /// Walks the message's fields to find the one that cannot be decoded: (its path, why, whether the message's own
    /// framing held). Null when every field decodes on its own (the failure is the nesting as a whole).
    /// </summary>
    private static (string? Field, string Reason, bool Framed)? Locate(byte[] bytes, MessageDescriptor descriptor, string prefix, int depth)
    {
        var input = new CodedInputStream(bytes);
        string? current = null;
        try
        {
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                var field = descriptor.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
                current = field is null ? null : prefix + field.Name;
                if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited || field is null)
                {
                    input.SkipLastField();
                    continue;
                }
                var data = input.ReadBytes().ToByteArray();
                switch (field.FieldType)
                {
                    case FieldType.String when !IsUtf8(data):
                        return (current, "not valid UTF-8 (proto3 strings must be UTF-8)", true);
                    case FieldType.Message:
                        if (Nested(data, field, current!, depth) is { } nested) return nested;
                        break;
                }
            }
            return null;
        }
        catch (InvalidProtocolBufferException e)
        {
            return (current, e.Message, false);
        }
    }

    /// <summary>A message field: our own messages are walked on (<c>request.facts_json</c>); others are named as a whole.</summary>
    private static (string? Field, string Reason, bool Framed)? Nested(byte[] data, FieldDescriptor field, string path, int depth)
    {
        var type = field.MessageType;
        if (type.File.Package == EvaluateRequest.Descriptor.File.Package && !field.IsMap)
        {
            return Locate(data, type, path + ".", depth + 1) is { } inner ? inner with { Framed = true } : null;
        }
        try
        {
            type.Parser.ParseFrom(CodedInputStream.CreateWithLimits(new MemoryStream(data), data.Length + 1, RecursionLimit - depth - 1));
            return null;
        }
        catch (InvalidProtocolBufferException e)
        {
            return (path, e.Message, true);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool IsUtf8(byte[] data)
    {
        try
        {
            StrictUtf8.GetCharCount(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Field 1 of a stream request, the caller's id (already known to be UTF-8 when this is asked).</summary>
    private static string RequestId(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var id = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == WireFormat.MakeTag(EvaluateStreamRequest.RequestIdFieldNumber, WireFormat.WireType.LengthDelimited)) id = input.ReadString();
            else input.SkipLastField();
        }
        return id;
    }
}
