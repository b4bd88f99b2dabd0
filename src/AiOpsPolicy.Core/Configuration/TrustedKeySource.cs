// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Core.Text;

namespace AiOpsPolicy.Core.Configuration;

/// <summary>A public key the operator trusts to sign bundles, as the configuration declares it.</summary>
/// <param name="Name">The key's name in the configuration, for messages.</param>
/// <param name="Pem">The public key in PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</param>
/// <param name="Location">Where the configuration declares it.</param>
public sealed record TrustedKeySource(string Name, string Pem, SourceLocation Location);
