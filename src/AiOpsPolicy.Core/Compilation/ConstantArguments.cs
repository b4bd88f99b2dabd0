// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using System.Reflection;
using AiOpsPolicy.Core.Expressions;
using AiOpsPolicy.Core.Metrics;
using AiOpsPolicy.Core.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AiOpsPolicy.Core.Compilation;

/// <summary>
/// Evaluates an argument of a metric call at compile time, when it is a constant: what it gives does not depend on
/// the evidence, the evaluation time or anything an expression computes. Constants are C#'s own (literals, <c>const</c>
/// arithmetic, enum values, <c>null</c>) and, beyond them, calls of pure helpers of constants: <c>Days(14)</c>,
/// <c>Last(Days(7)).Previous()</c>, <c>Aggregation.Percentile(95)</c>, <c>TimeSpan.FromHours(4) * 2</c>, a window
/// converted from a duration; and what the policy set declares: <c>DefaultWindow</c>, <c>Workflows["triage"].Name</c>.
/// </summary>
/// <remarks>
/// Each helper is evaluated by calling the engine's own method (found by reflection from the bound symbol), never by
/// a copy of its arithmetic, so that a planned value is exactly the value the same call gives at evaluation time. A
/// helper that throws (<c>Aggregation.Percentile(200)</c>) makes the argument not a constant: the call is left to the
/// gate, which reports the exception where it happens.
/// </remarks>
internal sealed class ConstantArguments
{
    private const string ContextType = "AiOpsPolicy.Core.Expressions.PolicyContext";
    private const string DeclaredObjectsType = "AiOpsPolicy.Core.Expressions.DeclaredObjects`1";
    private const string ModelNamespace = "AiOpsPolicy.Core.Model";

    /// <summary>Value types whose constructors, operators, properties and static fields are pure, by metadata name.</summary>
    private static readonly FrozenDictionary<string, Type> PureTypes = new[] { typeof(TimeSpan), typeof(Window), typeof(Aggregation) }
        .ToFrozenDictionary(t => t.FullName ?? t.Name, StringComparer.Ordinal);

    /// <summary>The pure methods of those types and of the context, by type: the rest (<c>ToString</c>, <c>Parse</c>) may read the culture.</summary>
    private static readonly FrozenDictionary<string, FrozenSet<string>> PureMethods = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
    {
        [ContextType] = new[] { "Days", "Hours", "Minutes", "Seconds", "Percent", "Last", "Previous" }.ToFrozenSet(StringComparer.Ordinal),
        ["System.TimeSpan"] = new[] { "FromDays", "FromHours", "FromMinutes", "FromSeconds", "FromMilliseconds", "FromMicroseconds", "FromTicks", "Add", "Subtract", "Negate", "Duration", "Multiply", "Divide" }.ToFrozenSet(StringComparer.Ordinal),
        ["AiOpsPolicy.Core.Metrics.Window"] = new[] { "Previous", "FromTimeSpan" }.ToFrozenSet(StringComparer.Ordinal),
        ["AiOpsPolicy.Core.Metrics.Aggregation"] = new[] { "Percentile" }.ToFrozenSet(StringComparer.Ordinal),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Types a helper's parameters may have, besides C#'s special types, by metadata name.</summary>
    private static readonly FrozenDictionary<string, Type> KnownTypes = new[]
    {
        typeof(TimeSpan), typeof(Window), typeof(Aggregation), typeof(AggregationKind), typeof(PercentileMethod), typeof(PolicyContext),
    }.Concat(MetricPlan.EnumTypes).ToFrozenDictionary(t => t.FullName ?? t.Name, StringComparer.Ordinal);

    private readonly PolicySet _policies;

    /// <summary>Initializes a new instance of the <see cref="ConstantArguments"/> class.</summary>
    /// <param name="policies">The policy set compiled: what <c>DefaultWindow</c> and the declared objects are.</param>
    public ConstantArguments(PolicySet policies)
    {
        _policies = policies;
    }

    /// <summary>Evaluates an operation when it is a constant.</summary>
    /// <param name="operation">The bound argument (its conversion to the parameter's type included).</param>
    /// <param name="value">The value; an enum as its enum type, a number as its C# type.</param>
    /// <returns>True when the operation is a constant and was evaluated.</returns>
    public bool TryEvaluate(IOperation operation, out object? value)
    {
        try
        {
            return TryEvaluateCore(operation, out value);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A helper that throws on these arguments (TargetInvocationException), or a member reflection cannot
            // find: not a constant. The gate makes the same call at evaluation time and reports what happens there.
            value = null;
            return false;
        }
    }

    private static bool IsPureMethod(IMethodSymbol method)
    {
        var type = FullName(method.ContainingType);
        return method.MethodKind switch
        {
            MethodKind.Ordinary => PureMethods.TryGetValue(type, out var names) && names.Contains(method.Name),
            MethodKind.Constructor or MethodKind.UserDefinedOperator or MethodKind.Conversion => PureTypes.ContainsKey(type),
            _ => false,
        };
    }

    private static string FullName(ITypeSymbol? type) =>
        type is null ? string.Empty : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    /// <summary>The CLR type of a symbol's type, when it is one a helper may take; null otherwise.</summary>
    private static Type? ClrType(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return typeof(string);
            case SpecialType.System_Double: return typeof(double);
            case SpecialType.System_Single: return typeof(float);
            case SpecialType.System_Int32: return typeof(int);
            case SpecialType.System_Int64: return typeof(long);
            case SpecialType.System_Boolean: return typeof(bool);
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: [var inner] })
        {
            return ClrType(inner) is { } underlying ? typeof(Nullable<>).MakeGenericType(underlying) : null;
        }

        return KnownTypes.GetValueOrDefault(FullName(type));
    }

    private static Type[]? ClrTypes(IEnumerable<IParameterSymbol> parameters)
    {
        var types = new List<Type>();
        foreach (var parameter in parameters)
        {
            if (parameter.RefKind != RefKind.None || ClrType(parameter.Type) is not { } type)
            {
                return null;
            }

            types.Add(type);
        }

        return [.. types];
    }

    /// <summary>A constant of C#'s: an enum value becomes its enum type, a null is null.</summary>
    private static object? FromConstant(IOperation operation, object? constant) =>
        constant is not null && operation.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType && ClrType(enumType) is { IsEnum: true } clr
            ? Enum.ToObject(clr, constant)
            : constant;

    private bool TryEvaluateCore(IOperation operation, out object? value)
    {
        value = null;
        if (operation.ConstantValue.HasValue)
        {
            if (operation.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType && ClrType(enumType) is null)
            {
                return false;
            }

            value = FromConstant(operation, operation.ConstantValue.Value);
            return true;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return TryConvert(conversion, out value);
            case IDefaultValueOperation { Type: { } type }:
                // default(T): null for a reference or nullable type; a struct's default for a known struct.
                if (type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                {
                    return true;
                }

                if (ClrType(type) is { IsValueType: true } clrType)
                {
                    value = Activator.CreateInstance(clrType);
                    return true;
                }

                return false;
            case IInvocationOperation invocation:
                return TryInvoke(invocation, out value);
            case IObjectCreationOperation { Constructor: { } constructor, Initializer: null } creation when IsPureMethod(constructor):
                return TryCreate(constructor, creation.Arguments, out value);
            case IPropertyReferenceOperation property:
                return TryReadProperty(property, out value);
            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } when PureTypes.TryGetValue(FullName(field.ContainingType), out var fieldType):
                value = fieldType.GetField(field.Name, BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
                return value is not null;
            case IBinaryOperation { OperatorMethod: { } method } binary when IsPureMethod(method):
                return TryCall(method, null, [binary.LeftOperand, binary.RightOperand], out value);
            case IBinaryOperation { OperatorMethod: null } binary:
                return TryBuiltInBinary(binary, out value);
            case IUnaryOperation { OperatorMethod: { } method } unary when IsPureMethod(method):
                return TryCall(method, null, [unary.Operand], out value);
            case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Minus } unary when TryEvaluateCore(unary.Operand, out var operand) && operand is double number:
                value = -number;
                return true;
            default:
                return false;
        }
    }

    private bool TryConvert(IConversionOperation conversion, out object? value)
    {
        value = null;
        if (!TryEvaluateCore(conversion.Operand, out var operand))
        {
            return false;
        }

        var info = conversion.Conversion;
        if (info.IsUserDefined)
        {
            // A duration to a window (Window's implicit operator): the engine's own conversion.
            return conversion.OperatorMethod is { } method && IsPureMethod(method) && TryCallWith(method, null, [operand], out value);
        }

        if (info.IsIdentity || (info.IsReference && info.IsImplicit) || operand is null)
        {
            // Widening a reference keeps the value, and null stays null.
            value = operand;
            return true;
        }

        if (!info.IsImplicit || !(info.IsNullable || info.IsNumeric) || conversion.Type is not { } target || ClrType(target) is not { } clrTarget)
        {
            // Explicit casts of non-constants (which may truncate) are left to the gate.
            return false;
        }

        // Wrapping in a nullable keeps the value; an implicit numeric conversion, alone or lifted (45 to double?),
        // widens it as C# does.
        var underlying = Nullable.GetUnderlyingType(clrTarget) ?? clrTarget;
        if (operand.GetType() == underlying)
        {
            value = operand;
            return true;
        }

        if (underlying.IsPrimitive && operand.GetType().IsPrimitive)
        {
            value = Convert.ChangeType(operand, underlying, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }

        return false;
    }

    private bool TryInvoke(IInvocationOperation invocation, out object? value)
    {
        value = null;
        var method = invocation.TargetMethod;
        if (!IsPureMethod(method) || method.IsGenericMethod)
        {
            return false;
        }

        object? receiver = null;
        if (!method.IsStatic && (invocation.Instance is null || !TryEvaluateCore(invocation.Instance, out receiver) || receiver is null))
        {
            return false;
        }

        return TryArguments(invocation.Arguments, method.Parameters.Length, out var arguments) && TryCallWith(method, receiver, arguments, out value);
    }

    private bool TryCreate(IMethodSymbol constructor, IEnumerable<IArgumentOperation> argumentOperations, out object? value)
    {
        value = null;
        if (!TryArguments(argumentOperations, constructor.Parameters.Length, out var arguments)
            || ClrType(constructor.ContainingType) is not { } type
            || ClrTypes(constructor.Parameters) is not { } parameterTypes
            || type.GetConstructor(parameterTypes) is not { } clrConstructor)
        {
            return false;
        }

        value = clrConstructor.Invoke(arguments);
        return true;
    }

    private bool TryReadProperty(IPropertyReferenceOperation reference, out object? value)
    {
        value = null;
        var property = reference.Property;
        var type = FullName(property.ContainingType);
        if (type == ContextType && reference.Instance is IInstanceReferenceOperation)
        {
            // What the policy set declares is fixed for the compiled set: the cache and bundles key it by its digest.
            value = property.Name switch
            {
                nameof(PolicyContext.DefaultWindow) => (Window)_policies.DefaultWindow,
                nameof(PolicyContext.Workflows) => new DeclaredObjects<Workflow>(_policies.Workflows),
                nameof(PolicyContext.Connectors) => new DeclaredObjects<Connector>(_policies.Connectors),
                nameof(PolicyContext.Controls) => new DeclaredObjects<Control>(_policies.Controls),
                nameof(PolicyContext.Rubrics) => new DeclaredObjects<Rubric>(_policies.Rubrics),
                _ => null,
            };
            return value is not null;
        }

        if (property.IsStatic)
        {
            // Aggregation.Mean, Aggregation.P90: static properties of the pure types.
            if (!PureTypes.TryGetValue(type, out var staticType) || !reference.Arguments.IsEmpty)
            {
                return false;
            }

            value = staticType.GetProperty(property.Name, BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
            return value is not null;
        }

        // Workflows["triage"] (the declared objects' indexer), then a declared object's own properties, or a pure
        // value's (Days(14).TotalHours).
        var readable = (type == DeclaredObjectsType && property.IsIndexer) || (type == DeclaredObjectsType && property.Name == "Count")
            || PureTypes.ContainsKey(type) || IsModelType(property.ContainingType);
        if (!readable || reference.Instance is null || !TryEvaluateCore(reference.Instance, out var receiver) || receiver is null
            || !TryArguments(reference.Arguments, property.Parameters.Length, out var index))
        {
            return false;
        }

        var clrProperty = property.IsIndexer
            ? receiver.GetType().GetProperty("Item", BindingFlags.Public | BindingFlags.Instance, null, null, ClrTypes(property.Parameters) ?? [], null)
            : receiver.GetType().GetProperty(property.MetadataName, BindingFlags.Public | BindingFlags.Instance);
        if (clrProperty?.GetMethod is null)
        {
            return false;
        }

        value = clrProperty.GetValue(receiver, index.Length == 0 ? null : index);
        return true;
    }

    private static bool IsModelType(INamedTypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString() == ModelNamespace;

    private bool TryBuiltInBinary(IBinaryOperation binary, out object? value)
    {
        value = null;
        if (!TryEvaluateCore(binary.LeftOperand, out var left) || !TryEvaluateCore(binary.RightOperand, out var right))
        {
            return false;
        }

        // What C# computes for doubles and strings; other built-in operators on non-constants (integers, which may
        // overflow in a checked context) are left to the gate.
        value = (left, right, binary.OperatorKind) switch
        {
            (double l, double r, BinaryOperatorKind.Add) => l + r,
            (double l, double r, BinaryOperatorKind.Subtract) => l - r,
            (double l, double r, BinaryOperatorKind.Multiply) => l * r,
            (double l, double r, BinaryOperatorKind.Divide) => l / r,
            (string or null, string or null, BinaryOperatorKind.Add) when binary.Type?.SpecialType == SpecialType.System_String => (string?)left + (string?)right,
            _ => null,
        };
        return value is not null;
    }

    /// <summary>Evaluates the arguments of a call in parameter order; false when one is not a constant or is a <c>params</c> array.</summary>
    private bool TryArguments(IEnumerable<IArgumentOperation> operations, int count, out object?[] arguments)
    {
        arguments = new object?[count];
        foreach (var argument in operations)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.ParamArray || !TryEvaluateCore(argument.Value, out var value))
            {
                return false;
            }

            arguments[parameter.Ordinal] = value;
        }

        return true;
    }

    private bool TryCall(IMethodSymbol method, object? receiver, IOperation[] operands, out object? value)
    {
        value = null;
        var arguments = new object?[operands.Length];
        for (var i = 0; i < operands.Length; i++)
        {
            if (!TryEvaluateCore(operands[i], out arguments[i]))
            {
                return false;
            }
        }

        return TryCallWith(method, receiver, arguments, out value);
    }

    private static bool TryCallWith(IMethodSymbol method, object? receiver, object?[] arguments, out object? value)
    {
        value = null;
        if (ClrType(method.ContainingType) is not { } type || ClrTypes(method.Parameters) is not { } parameterTypes)
        {
            return false;
        }

        var flags = BindingFlags.Public | (method.IsStatic ? BindingFlags.Static : BindingFlags.Instance);
        if (type.GetMethod(method.MetadataName, flags, null, parameterTypes, null) is not { } clrMethod)
        {
            return false;
        }

        value = clrMethod.Invoke(receiver, arguments);
        return true;
    }
}
