// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Core.Evidence;

/// <summary>
/// Thrown when an expression uses evidence that is missing, stale or too thin to decide on. The
/// evaluator turns it into the <c>insufficient-evidence</c> status, so that a broken feed never reads
/// as a 0% or a 100%. Policy expressions cannot catch it: they are expressions, with no try/catch.
/// </summary>
public sealed class InsufficientEvidenceException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InsufficientEvidenceException"/> class.</summary>
    public InsufficientEvidenceException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InsufficientEvidenceException"/> class.</summary>
    /// <param name="message">What is missing, and how much would be enough.</param>
    public InsufficientEvidenceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InsufficientEvidenceException"/> class.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public InsufficientEvidenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
