// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Diagnostics;
using AiOpsPolicy.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AiOpsPolicy.Core.Syntax;

/// <summary>
/// Reads the YAML documents of one file into <see cref="YamlNode"/> trees that keep their source
/// positions. Unlike a serializer it reports duplicate keys, refuses alias bombs and runaway
/// nesting, and never throws for bad input: every problem becomes a located diagnostic.
/// </summary>
public static class YamlDocumentReader
{
    /// <summary>How deep mappings and sequences may nest. Policy documents are a handful of levels deep.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// How many nodes a document may expand to, counting every alias use as a copy of its anchor.
    /// Bounds the work of later stages, which do expand aliases ("billion laughs").
    /// </summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>Reads every document of a file.</summary>
    /// <param name="file">The file.</param>
    /// <param name="diagnostics">Receives every problem found.</param>
    /// <returns>The root node of each document that was read completely.</returns>
    public static ImmutableArray<YamlNode> Read(SourceFile file, ICollection<Diagnostic> diagnostics)
    {
        var documents = ImmutableArray.CreateBuilder<YamlNode>();
        var parser = new Parser(new StringReader(file.Text));
        var anchors = new Dictionary<string, (YamlNode Node, long Size)>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        YamlNode? root = null;
        long rootSize = 0;
        var lastMark = Mark.Empty;

        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current;
                lastMark = current?.End ?? lastMark;
                switch (current)
                {
                    case DocumentStart:
                        anchors.Clear();
                        root = null;
                        rootSize = 0;
                        break;

                    case DocumentEnd:
                        if (root is not null)
                        {
                            documents.Add(root);
                        }

                        break;

                    case MappingStart mappingStart:
                        if (stack.Count >= MaxDepth)
                        {
                            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlTooComplex, Locate(file, current.Start), $"The document nests deeper than {MaxDepth} levels"));
                            return documents.ToImmutable();
                        }

                        stack.Push(new Frame(isMapping: true, Offset(file, current.Start), Anchor(mappingStart.Anchor)));
                        break;

                    case SequenceStart sequenceStart:
                        if (stack.Count >= MaxDepth)
                        {
                            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlTooComplex, Locate(file, current.Start), $"The document nests deeper than {MaxDepth} levels"));
                            return documents.ToImmutable();
                        }

                        stack.Push(new Frame(isMapping: false, Offset(file, current.Start), Anchor(sequenceStart.Anchor)));
                        break;

                    case MappingEnd or SequenceEnd:
                    {
                        var frame = stack.Pop();
                        var end = Offset(file, current.End);
                        YamlNode node = frame.IsMapping
                            ? new YamlMapping(file, frame.Start, end, frame.Entries.ToImmutable())
                            : new YamlSequence(file, frame.Start, end, frame.Items.ToImmutable());
                        if (!Attach(node, frame.Size + 1, frame.Anchor, stack, anchors, diagnostics, ref root, ref rootSize))
                        {
                            return documents.ToImmutable();
                        }

                        break;
                    }

                    case Scalar scalar:
                    {
                        var node = new YamlScalar(
                            file,
                            Offset(file, current.Start),
                            Offset(file, current.End),
                            scalar.Value,
                            ToStyle(scalar.Style),
                            scalar.Tag.IsEmpty ? null : scalar.Tag.Value);
                        if (!Attach(node, 1, Anchor(scalar.Anchor), stack, anchors, diagnostics, ref root, ref rootSize))
                        {
                            return documents.ToImmutable();
                        }

                        break;
                    }

                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlSyntax, Locate(file, current.Start), $"the alias '*{alias.Value.Value}' refers to no anchor defined before it"));
                            return documents.ToImmutable();
                        }

                        if (!Attach(target.Node, target.Size, null, stack, anchors, diagnostics, ref root, ref rootSize, Locate(file, current.Start)))
                        {
                            return documents.ToImmutable();
                        }

                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlSyntax, Locate(file, ex.Start), Describe(ex)));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, rather than a YamlException, on some truncated input.
            diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlSyntax, Locate(file, lastMark), "the YAML ends or breaks off unexpectedly after this point"));
        }

        return documents.ToImmutable();
    }

    private static bool Attach(
        YamlNode node,
        long size,
        string? anchor,
        Stack<Frame> stack,
        Dictionary<string, (YamlNode Node, long Size)> anchors,
        ICollection<Diagnostic> diagnostics,
        ref YamlNode? root,
        ref long rootSize,
        SourceLocation? at = null)
    {
        if (anchor is not null)
        {
            anchors[anchor] = (node, size);
        }

        if (stack.Count == 0)
        {
            root = node;
            rootSize = size;
            return CheckSize(at ?? node.Location, rootSize, diagnostics);
        }

        var parent = stack.Peek();
        parent.Size += size;
        if (!CheckSize(at ?? node.Location, parent.Size, diagnostics))
        {
            return false;
        }

        if (!parent.IsMapping)
        {
            parent.Items.Add(node);
            return true;
        }

        if (parent.PendingKey is null)
        {
            if (node is not YamlScalar key)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.YamlSyntax, node.Location, "a mapping key must be a plain value, not a " + node.ShapeName));
                return false;
            }

            if (parent.Keys.TryGetValue(key.Value, out var first))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticCatalog.DuplicateKey, key.Location, key.Value, first.Location.StartLine));
            }
            else
            {
                parent.Keys.Add(key.Value, key);
            }

            parent.PendingKey = key;
            return true;
        }

        // A duplicate key keeps its first value, so that later stages see one consistent document.
        if (ReferenceEquals(parent.Keys.GetValueOrDefault(parent.PendingKey.Value), parent.PendingKey))
        {
            parent.Entries.Add(new KeyValuePair<YamlScalar, YamlNode>(parent.PendingKey, node));
        }

        parent.PendingKey = null;
        return true;
    }

    private static bool CheckSize(SourceLocation at, long size, ICollection<Diagnostic> diagnostics)
    {
        if (size <= MaxExpandedNodes)
        {
            return true;
        }

        diagnostics.Add(Diagnostic.Create(
            DiagnosticCatalog.YamlTooComplex,
            at,
            $"The document expands to more than {MaxExpandedNodes:N0} nodes once its aliases are resolved (an alias bomb?)"));
        return false;
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet prefixes positions to its messages; the diagnostic carries the position already.
        var message = ex.InnerException?.Message ?? ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && close > 0)
        {
            message = message[(close + 3)..];
        }

        return message.TrimEnd('.');
    }

    private static string? Anchor(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static YamlScalarStyle ToStyle(ScalarStyle style) => style switch
    {
        ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
        ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
        ScalarStyle.Literal => YamlScalarStyle.Literal,
        ScalarStyle.Folded => YamlScalarStyle.Folded,
        _ => YamlScalarStyle.Plain,
    };

    private static int Offset(SourceFile file, Mark mark) => (int)Math.Clamp(mark.Index, 0, file.Text.Length);

    private static SourceLocation Locate(SourceFile file, Mark mark) => file.GetLocation(Offset(file, mark), Offset(file, mark) + 1);

    private sealed class Frame
    {
        public Frame(bool isMapping, int start, string? anchor)
        {
            IsMapping = isMapping;
            Start = start;
            Anchor = anchor;
        }

        public bool IsMapping { get; }

        public int Start { get; }

        public string? Anchor { get; }

        public long Size { get; set; }

        public YamlScalar? PendingKey { get; set; }

        public Dictionary<string, YamlScalar> Keys { get; } = new(StringComparer.Ordinal);

        public ImmutableArray<KeyValuePair<YamlScalar, YamlNode>>.Builder Entries { get; } = ImmutableArray.CreateBuilder<KeyValuePair<YamlScalar, YamlNode>>();

        public ImmutableArray<YamlNode>.Builder Items { get; } = ImmutableArray.CreateBuilder<YamlNode>();
    }
}
