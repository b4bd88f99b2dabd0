// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Model;

/// <summary>
/// The policy set's currencies (<c>spec.currency</c>): the base currency money metrics report in, and dated exchange
/// rates into it. Rates are declared, reviewed with the policy and never fetched, so a decision replays the same way.
/// </summary>
/// <param name="Base">The base currency, an ISO 4217 code such as EUR.</param>
/// <param name="Rates">The rates into the base currency, each in force from its date until the next one of the same currency.</param>
/// <param name="Location">Where the rates are declared, for errors that name them.</param>
public sealed record CurrencySettings(string Base, ImmutableArray<CurrencyRate> Rates, SourceLocation Location)
{
    /// <summary>The rate in force for a currency on a day: the one with the latest <c>from</c> on or before it.</summary>
    /// <param name="currency">The currency.</param>
    /// <param name="day">The day (UTC).</param>
    /// <returns>The rate, or null when none is in force.</returns>
    public CurrencyRate? InForce(string currency, DateOnly day)
    {
        CurrencyRate? found = null;
        foreach (var rate in Rates)
        {
            if (string.Equals(rate.Currency, currency, StringComparison.Ordinal) && rate.From <= day && (found is null || rate.From > found.From))
            {
                found = rate;
            }
        }

        return found;
    }
}

/// <summary>One declared exchange rate: one unit of <paramref name="Currency"/> is <paramref name="Rate"/> units of the base currency.</summary>
/// <param name="Currency">The currency converted from, an ISO 4217 code such as USD.</param>
/// <param name="Rate">How many units of the base currency one unit is worth; above zero.</param>
/// <param name="From">The first day (UTC) the rate is in force.</param>
public sealed record CurrencyRate(string Currency, double Rate, DateOnly From);
