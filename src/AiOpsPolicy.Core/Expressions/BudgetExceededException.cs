// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Expressions;

/// <summary>Thrown into an expression that went over one of its <see cref="EvaluationBudgets"/>.</summary>
public sealed class BudgetExceededException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    public BudgetExceededException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    /// <param name="message">Which budget, and its size.</param>
    public BudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    /// <param name="message">Which budget, and its size.</param>
    /// <param name="innerException">The cause.</param>
    public BudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
