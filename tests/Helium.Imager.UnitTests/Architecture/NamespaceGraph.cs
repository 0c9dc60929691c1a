using System.Text.RegularExpressions;
using Mono.Cecil;

namespace Helium.Imager.UnitTests.Architecture;

/// <summary>
/// Which of the project's namespaces uses which, from two sources that together miss nothing: every
/// type the compiled assemblies reference (signatures, attributes, method bodies, including lambdas and
/// async state machines, which belong to the type that declares them) and every <c>using</c> directive of
/// the source files (constants are copied into the code that reads them, so only the directive shows
/// that dependency).
/// </summary>
internal sealed partial class NamespaceGraph
{
    private const string Root = "Helium.Imager";

    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    /// <summary>Namespace → the namespaces it uses, each with one example of why.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => _edges;

    public static NamespaceGraph Of(IEnumerable<string> assemblyPaths, IEnumerable<string> sourceFolders)
    {
        var graph = new NamespaceGraph();
        foreach (var path in assemblyPaths)
        {
            using var module = ModuleDefinition.ReadModule(path);
            foreach (var type in module.GetTypes())
            {
                graph.AddType(type);
            }
        }

        foreach (var folder in sourceFolders)
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
            {
                graph.AddUsings(file);
            }
        }

        return graph;
    }

    /// <summary>Each set of namespaces that reach one another (a cycle), with the edges that close it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = 0;
        var stack = new Stack<string>();
        var indices = new Dictionary<string, int>();
        var lowLinks = new Dictionary<string, int>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var node in _edges.Keys.ToList())
        {
            if (!indices.ContainsKey(node))
            {
                Connect(node);
            }
        }

        return cycles;

        // Tarjan's strongly connected components: a component of more than one namespace is a cycle.
        void Connect(string node)
        {
            indices[node] = lowLinks[node] = index++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in _edges.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!indices.TryGetValue(next, out var seen))
                {
                    Connect(next);
                    lowLinks[node] = Math.Min(lowLinks[node], lowLinks[next]);
                }
                else if (onStack.Contains(next))
                {
                    lowLinks[node] = Math.Min(lowLinks[node], seen);
                }
            }

            if (lowLinks[node] == indices[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    cycles.Add(component.SelectMany(from => _edges[from].Where(to => component.Contains(to.Key)).Select(to => $"{from} -> {to.Key} ({to.Value})")).Order(StringComparer.Ordinal).ToList());
                }
            }
        }
    }

    private void AddType(TypeDefinition type)
    {
        var from = NamespaceOf(type);
        if (from is null)
        {
            return;
        }

        var why = type.FullName;
        Use(from, type.BaseType, why);
        foreach (var used in type.Interfaces.Select(i => i.InterfaceType))
        {
            Use(from, used, why);
        }

        AddAttributes(from, type.CustomAttributes, why);
        foreach (var field in type.Fields)
        {
            Use(from, field.FieldType, $"{why}.{field.Name}");
            AddAttributes(from, field.CustomAttributes, why);
        }

        foreach (var property in type.Properties)
        {
            Use(from, property.PropertyType, $"{why}.{property.Name}");
            AddAttributes(from, property.CustomAttributes, why);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(from, method, $"{why}.{method.Name}");
        }
    }

    private void AddMethod(string from, MethodDefinition method, string why)
    {
        Use(from, method.ReturnType, why);
        foreach (var parameter in method.Parameters)
        {
            Use(from, parameter.ParameterType, why);
            AddAttributes(from, parameter.CustomAttributes, why);
        }

        AddAttributes(from, method.CustomAttributes, why);
        if (!method.HasBody)
        {
            return;
        }

        foreach (var variable in method.Body.Variables)
        {
            Use(from, variable.VariableType, why);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference used:
                    Use(from, used, why);
                    break;
                case MethodReference called:
                    Use(from, called.DeclaringType, why);
                    Use(from, called.ReturnType, why);
                    foreach (var parameter in called.Parameters)
                    {
                        Use(from, parameter.ParameterType, why);
                    }

                    if (called is GenericInstanceMethod generic)
                    {
                        foreach (var argument in generic.GenericArguments)
                        {
                            Use(from, argument, why);
                        }
                    }

                    break;
                case FieldReference field:
                    Use(from, field.DeclaringType, why);
                    Use(from, field.FieldType, why);
                    break;
            }
        }
    }

    private void AddAttributes(string from, IEnumerable<CustomAttribute> attributes, string why)
    {
        foreach (var attribute in attributes)
        {
            Use(from, attribute.AttributeType, why);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)))
            {
                if (argument.Value is TypeReference named)
                {
                    Use(from, named, why);
                }
            }
        }
    }

    private void Use(string from, TypeReference? type, string why)
    {
        switch (type)
        {
            case null:
                return;
            case GenericInstanceType generic:
                Use(from, generic.ElementType, why);
                foreach (var argument in generic.GenericArguments)
                {
                    Use(from, argument, why);
                }

                return;
            case TypeSpecification specification:
                Use(from, specification.ElementType, why);
                return;
            case GenericParameter:
                return;
        }

        if (NamespaceOf(type) is { } to)
        {
            Add(from, to, why);
        }
    }

    private void AddUsings(string file)
    {
        var text = File.ReadAllText(file);
        if (FileNamespace().Match(text) is not { Success: true } declared)
        {
            return;
        }

        var from = declared.Groups[1].Value;
        foreach (Match directive in UsingDirective().Matches(text))
        {
            var to = directive.Groups[1].Value;
            if (to.StartsWith(Root, StringComparison.Ordinal))
            {
                Add(from, to, $"using in {Path.GetFileName(file)}");
            }
        }
    }

    private void Add(string from, string to, string why)
    {
        if (from == to || !from.StartsWith(Root, StringComparison.Ordinal) || !to.StartsWith(Root, StringComparison.Ordinal))
        {
            return;
        }

        var uses = _edges.TryGetValue(from, out var known) ? known : _edges[from] = new Dictionary<string, string>(StringComparer.Ordinal);
        uses.TryAdd(to, why);
        _edges.TryAdd(to, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>A nested type (a lambda's closure, an async state machine) belongs to the namespace of
    /// the type that declares it.</summary>
    private static string? NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace.Length == 0 ? null : type.Namespace;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^using\s+(?:static\s+)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}
