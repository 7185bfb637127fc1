using System.Collections.Immutable;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Facts;

/// <summary>What facts a policy reads: every input field, in declaration order (libraries first).</summary>
public sealed class InputSchema
{
    private readonly Dictionary<string, InputField> _byName;

    private InputSchema(
        ImmutableArray<InputField> fields, ImmutableDictionary<string, RecordDecl> records,
        ImmutableDictionary<string, ImmutableArray<InputField>> recordFields, bool ofOutputs = false)
    {
        OfOutputs = ofOutputs;
        Fields = fields;
        Records = records;
        RecordFields = recordFields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Lookup = Shaped(new FieldLookup(fields));
    }

    /// <summary>The inputs by name, each with how its value is read, for the fact reader.</summary>
    internal FieldLookup Lookup { get; }

    // -----------------------------------------------------------------------------------------
    // How each field's value is read (built once, here; the fact reader only follows it)

    private readonly Dictionary<string, FieldLookup> _recordLookups = new(StringComparer.Ordinal);
    private readonly Dictionary<EnumType, NameTable> _enumMembers = new(ReferenceEqualityComparer.Instance);

    private FieldLookup Shaped(FieldLookup lookup)
    {
        lookup.Shapes = [.. lookup.Fields.Select(f => Shape(f.Type))];
        return lookup;
    }

    private ValueShape Shape(PolicyType type) => type switch
    {
        NumericType numeric => new ValueShape(type, ShapeKind.Number) { Unit = Quantities.UnitOf(numeric) },
        SimpleType { Name: "bool" } => new ValueShape(type, ShapeKind.Bool),
        SimpleType { Name: "text" } => new ValueShape(type, ShapeKind.Text),
        SimpleType { Name: "date" } => new ValueShape(type, ShapeKind.Date),
        SimpleType { Name: "period" } => new ValueShape(type, ShapeKind.Period),
        EnumType e => new ValueShape(type, ShapeKind.Enum) { Members = Members(e) },
        RecordType record => new ValueShape(type, ShapeKind.Record) { Fields = RecordLookup(record) },
        ListType list => new ValueShape(type, ShapeKind.List) { Element = Shape(list.Element) },
        _ => new ValueShape(type, ShapeKind.Other),
    };

    private NameTable Members(EnumType type)
    {
        if (!_enumMembers.TryGetValue(type, out var members)) _enumMembers[type] = members = new NameTable(type.Members);
        return members;
    }

    /// <summary>
    /// The fields of a record type by name. Every record type an input can name is declared, so the schema knows it;
    /// the fallback (its fields without ranges or defaults) only guards. A record's lookup is known before its fields'
    /// shapes are made, so a record that holds (a list of) itself is shaped once.
    /// </summary>
    private FieldLookup RecordLookup(RecordType type)
    {
        if (_recordLookups.TryGetValue(type.Name, out var known)) return known;
        var fields = RecordFields.TryGetValue(type.Name, out var declared) ? declared
            : type.Fields.Select((f, i) => new InputField(i, f.Name, f.Type, null, null, null, null)).ToImmutableArray();
        var lookup = new FieldLookup(fields);
        _recordLookups[type.Name] = lookup;
        return Shaped(lookup);
    }

    public ImmutableArray<InputField> Fields { get; }

    /// <summary>True for the schema of a policy's outputs (<see cref="ForOutputs"/>): its fields are called outputs in messages.</summary>
    public bool OfOutputs { get; }

    /// <summary>Record declarations by type name, for the ranges and defaults of record fields.</summary>
    public ImmutableDictionary<string, RecordDecl> Records { get; }

    /// <summary>
    /// The fields of each record type by type name, described like inputs: <see cref="InputField.Slot"/> is the
    /// field's index in the record, and the range and default are already evaluated.
    /// </summary>
    public ImmutableDictionary<string, ImmutableArray<InputField>> RecordFields { get; }

    public InputField? Field(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The constraints on inputs, checked on every fact set read with this schema (<see cref="Violations"/>).</summary>
    public ImmutableArray<InputConstraint> Constraints { get; private init; } = [];

    /// <summary>The local variables the constraints' conditions need (their aggregations' variables).</summary>
    private int _constraintLocals;

    /// <summary>This schema with the planned constraints on its inputs.</summary>
    internal InputSchema WithConstraints(ImmutableArray<InputConstraint> constraints, int localCount) =>
        new(Fields, Records, RecordFields, OfOutputs) { Constraints = constraints, _constraintLocals = localCount };

    /// <summary>
    /// The constraints on inputs that <paramref name="facts"/> (read and valid by every other rule of the schema) break,
    /// each as a fact error at the first input it reads; empty when they keep them all.
    /// </summary>
    public IReadOnlyList<FactError> Violations(Value[] facts) => Constraints.IsEmpty ? [] : [.. Broken(facts).Select(b => b.Error)];

    /// <summary>Each constraint on inputs that <paramref name="facts"/> break, with its fact error.</summary>
    public IReadOnlyList<(InputConstraint Constraint, FactError Error)> Broken(Value[] facts)
    {
        if (Constraints.IsEmpty) return [];
        var broken = new List<(InputConstraint, FactError)>();
        foreach (var constraint in Constraints)
            if (constraint.Check(facts, _constraintLocals) is { } error) broken.Add((constraint, error));
        return broken;
    }

    /// <summary>
    /// The schema of an earlier period's outcome: the policy's outputs, all optional (absent ones are missing).
    /// Earlier periods are read with the same reader as facts.
    /// </summary>
    public static InputSchema ForOutputs(SemanticModel model)
    {
        var inputs = From(model);
        var fields = model.File.Declarations.OfType<OutputDecl>()
            .Select((output, i) => new InputField(i, output.Name.Text, model.TypeOf(model.SymbolOfDeclaration[output]), null, null, Value.Missing, null))
            .ToImmutableArray();
        return new InputSchema(fields, inputs.Records, inputs.RecordFields, ofOutputs: true);
    }

    /// <summary>Builds the schema of a checked policy (which must have no errors).</summary>
    public static InputSchema From(SemanticModel model)
    {
        var constants = new ConstantFolding(model);
        var fields = ImmutableArray.CreateBuilder<InputField>();
        foreach (var field in model.AllDeclarations.OfType<InputDecl>().SelectMany(i => i.Fields))
        {
            var type = model.TypeOf(model.SymbolOfDeclaration[field]);
            fields.Add(new InputField(fields.Count, field.Name.Text, type,
                field.Range is null ? null : constants.Number(field.Range.Low),
                field.Range is null ? null : constants.Number(field.Range.High),
                DefaultOf(field, type, model, constants),
                field.Description));
        }
        var records = model.AllDeclarations.OfType<RecordDecl>().ToImmutableDictionary(r => r.Name.Text, StringComparer.Ordinal);
        var recordFields = ImmutableDictionary.CreateBuilder<string, ImmutableArray<InputField>>(StringComparer.Ordinal);
        foreach (var record in records.Values)
        {
            if (model.TypeOf(model.SymbolOfDeclaration[record]) is not RecordType recordType) continue;
            recordFields[record.Name.Text] = record.Fields.Select((field, i) => new InputField(i, field.Name.Text, recordType.Fields[i].Type,
                field.Range is null ? null : constants.Number(field.Range.Low),
                field.Range is null ? null : constants.Number(field.Range.High),
                DefaultOf(field, recordType.Fields[i].Type, model, constants),
                field.Description)).ToImmutableArray();
        }
        return new InputSchema(fields.ToImmutable(), records, recordFields.ToImmutable());
    }

    /// <summary>What a field left out stands for: its default, not given (missing) when optional, or null when it is required.</summary>
    private static Value? DefaultOf(FieldDecl field, PolicyType type, SemanticModel model, ConstantFolding constants) =>
        field.IsOptional ? Value.Missing : field.Default is null ? null : Constant(field.Default, type, model, constants);

    /// <summary>
    /// The value of a constant expression (a default, a test's fact or expected output): literals, enum members,
    /// parameters and operations on them, lists and records of them. Computed by planning and evaluating it
    /// (<see cref="ConstantFolding"/>), exactly as the tree evaluator would.
    /// </summary>
    public static Value Constant(Expr expr, PolicyType type, SemanticModel model, ConstantFolding constants)
    {
        switch (expr, type)
        {
            case (ListExpr list, ListType listType):
                return Value.Of(list.Items.Select(i => Constant(i, listType.Element, model, constants)).ToArray());
            case (RecordExpr record, RecordType recordType):
            {
                var values = new Value[recordType.Fields.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    var field = record.Fields.FirstOrDefault(f => f.Name.Text == recordType.Fields[i].Name);
                    var written = field?.Value ?? DeclaredDefault(recordType, i, model); // a field left out takes its record default
                    values[i] = written is null ? Value.Missing : Constant(written, recordType.Fields[i].Type, model, constants);
                }
                return Value.Of(new RecordValue(recordType, values));
            }
        }
        return constants.Value(expr, type);
    }

    private static Expr? DeclaredDefault(RecordType type, int field, SemanticModel model) =>
        model.TypeSymbols.TryGetValue(type.Name, out var symbol) && symbol.Declaration is RecordDecl record && field < record.Fields.Length
            ? record.Fields[field].Default
            : null;
}
