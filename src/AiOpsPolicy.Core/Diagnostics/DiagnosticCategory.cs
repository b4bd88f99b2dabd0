// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Diagnostics;

/// <summary>The pipeline stage a diagnostic comes from. Each category owns a range of codes.</summary>
public enum DiagnosticCategory
{
    /// <summary>Reading files and parsing YAML or evidence (AOP1xxx).</summary>
    Load,

    /// <summary>Schema and semantic checks of policy documents (AOP2xxx).</summary>
    Schema,

    /// <summary>Parsing and compiling C# expressions (AOP3xxx).</summary>
    Compile,

    /// <summary>Evaluating gates against evidence (AOP4xxx).</summary>
    Evaluate,

    /// <summary>Writing reports and command-line usage (AOP5xxx).</summary>
    Cli,
}
