// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using System.Globalization;
using AiOpsPolicy.Core.Model;

namespace AiOpsPolicy.Core.Metrics;

/// <summary>
/// Adds money lines for the money metrics (ROI, cost savings). Without declared currencies (<c>spec.currency</c>)
/// nothing is converted and lines in two currencies are an error, as before rates could be declared. With them,
/// every line is converted into the base currency at the rate in force on its date; a line with no rate in force
/// is an error that names the line, its currency and date, and where the rates are declared, never a silent skip.
/// The rates used are listed for the explanation.
/// </summary>
/// <param name="settings">The declared currencies, or null.</param>
/// <param name="metric">The metric with its verb, for messages: "ROI is", "cost savings are".</param>
internal sealed class MoneyConverter(CurrencySettings? settings, string metric)
{
    private readonly SortedSet<string> _currencies = new(StringComparer.Ordinal);

    // Per rate used: how many lines it converted. Sorted, so the explanation reads the same every run.
    private readonly SortedDictionary<(string Currency, DateOnly From), (double Rate, int Lines)> _used = [];
    private (string Key, string Currency, DateOnly Day)? _missing;

    /// <summary>Gets the currency the metric reports in: the base currency, or the lines' one currency; null when unknown.</summary>
    public string? Currency => settings?.Base ?? (_currencies.Count == 1 ? _currencies.Min : null);

    /// <summary>Converts one line's amount into the base currency (unchanged when no currencies are declared).</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">The line's currency.</param>
    /// <param name="date">The line's date: what picks the rate in force.</param>
    /// <param name="key">The line's key, for the error.</param>
    /// <returns>The amount in the base currency.</returns>
    public double Convert(double amount, string currency, DateTimeOffset date, string key)
    {
        _currencies.Add(currency);
        if (settings is null || string.Equals(currency, settings.Base, StringComparison.Ordinal))
        {
            return amount;
        }

        var day = DateOnly.FromDateTime(date.UtcDateTime);
        if (settings.InForce(currency, day) is not { } rate)
        {
            // The first such line, in key order, so the error is the same every run.
            if (_missing is not { } first || string.CompareOrdinal(key, first.Key) < 0)
            {
                _missing = (key, currency, day);
            }

            return 0;
        }

        var used = _used.GetValueOrDefault((rate.Currency, rate.From));
        _used[(rate.Currency, rate.From)] = (rate.Rate, used.Lines + 1);
        return amount * rate.Rate;
    }

    /// <summary>Throws when the lines cannot be added: two currencies and no rates, or a line with no rate in force.</summary>
    /// <param name="scope">The lines, for the message: "ticket-triage value lines in the last 7d".</param>
    public void ThrowIfUnconvertible(string scope)
    {
        if (settings is null && _currencies.Count > 1)
        {
            throw new InvalidOperationException($"{scope} are in more than one currency ({string.Join(", ", _currencies)}); amounts in different currencies cannot be added, so {metric} not computed. Declare a base currency and dated rates in the PolicySet (spec.currency) to convert them");
        }

        if (_missing is { } missing)
        {
            var declared = settings!.Location.IsInFile ? $" (rates declared at {settings.Location})" : string.Empty;
            throw new InvalidOperationException($"{scope}: line {missing.Key} is in {missing.Currency} on {Day(missing.Day)}, and no {missing.Currency} rate into {settings.Base} is in force on that day{declared}, so {metric} not computed. Declare a {missing.Currency} rate from {Day(missing.Day)} or earlier in spec.currency.rates");
        }
    }

    /// <summary>The rates used, for the explanation: "; converted into EUR at USD 0.92 from 2026-01-01 (2 lines)"; empty when none.</summary>
    /// <returns>The note.</returns>
    public string Note() => _used.Count == 0
        ? string.Empty
        : $"; converted into {settings!.Base} at {string.Join(", ", _used.Select(u => $"{u.Key.Currency} {u.Value.Rate.ToString("0.######", CultureInfo.InvariantCulture)} from {Day(u.Key.From)} ({u.Value.Lines} line(s))"))}";

    /// <summary>An amount with the currency: "1,234.5 EUR".</summary>
    /// <param name="amount">The amount.</param>
    /// <returns>The text.</returns>
    public string Format(double amount) =>
        amount.ToString("#,0.##", CultureInfo.InvariantCulture) + (Currency is { } currency ? " " + currency : string.Empty);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
