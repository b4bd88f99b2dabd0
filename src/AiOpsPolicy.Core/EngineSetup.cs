// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;

namespace AiOpsPolicy.Core;

/// <summary>Process-wide settings the engine needs before any of its code, or a library's, runs.</summary>
internal static class EngineSetup
{
    /// <summary>How long one regular-expression match may take before it throws.</summary>
    public static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The default match timeout of every other regular expression in the process, the libraries' own
    /// included (YamlDotNet resolves scalars with them). Long enough that a starved CI runner never
    /// turns an ordinary policy file into an internal error (1 s did, at a load average of 200 on two
    /// cores), short enough that a pathological input still ends well inside the run's budget.
    /// </summary>
    public static readonly TimeSpan ProcessRegexMatchTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Runs when the engine's assembly is loaded. Regex reads its default match timeout once, the
    /// first time any regular expression is built, so this is a second line of defence only: policy
    /// expressions reach regular expressions through the context's IsMatch and RegexMatch, which
    /// always pass the tighter <see cref="RegexMatchTimeout"/>.
    /// </summary>
#pragma warning disable CA2255 // A module initializer is the one place that runs before every other use of Regex.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", ProcessRegexMatchTimeout);
}
