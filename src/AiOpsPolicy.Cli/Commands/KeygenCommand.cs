// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

using AiOpsPolicy.Cli.Arguments;
using AiOpsPolicy.Core.Compilation;

namespace AiOpsPolicy.Cli.Commands;

/// <summary>
/// <c>aiops-policy keygen --output NAME</c>: makes a bundle signing key pair, <c>NAME.key</c> (the private key, PEM,
/// mode 0600: keep it in the CI secret store that builds bundles) and <c>NAME.pub</c> (the public key, PEM: give it to
/// the operators who run the bundles). Never overwrites. Exit 0 written, 2 usage or a file that exists.
/// </summary>
internal sealed class KeygenCommand
{
    private readonly IConsole _console;

    public KeygenCommand(IConsole console)
    {
        _console = console;
    }

    public int Run(KeygenArguments arguments)
    {
        var output = arguments.Output;
        var privatePath = output + ".key";
        var publicPath = output + ".pub";
        using var key = BundleSigningKey.Generate();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            if (File.Exists(publicPath))
            {
                throw new IOException($"'{publicPath}' already exists");
            }

            using (var writer = new StreamWriter(new FileStream(privatePath, options)))
            {
                writer.Write(key.ExportPrivateKeyPem());
                writer.Write('\n');
            }

            File.WriteAllText(publicPath, key.PublicKeyPem + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _console.Err.WriteLine($"error: no key was written: {ex.Message.TrimEnd('.')}. keygen never overwrites a key; choose another name");
            return ExitCodes.InvalidInput;
        }

        _console.Out.WriteLine($"""
            Wrote {privatePath} (private, mode 0600) and {publicPath} (public), key id {key.KeyId}.
            Sign bundles:   aiops-policy build --policies DIR --sign-key {privatePath}   (or put the PEM in ${BundleKeys.SigningKeyVariable})
            Trust the key:  gate --bundle FILE --trusted-key {publicPath}, or in the operator configuration:
              bundles:
                trustedKeys:
                  {Path.GetFileName(output)}:
                    publicKeyFile: {publicPath}
            """);
        return ExitCodes.Success;
    }
}
