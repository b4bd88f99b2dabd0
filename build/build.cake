// AiOpsPolicy build: Clean -> Lint -> Restore -> Build -> Test -> Pack; Publish (ReadyToRun CLI) on its own.
// Run from the repository root: dotnet tool restore && dotnet cake build/build.cake [--target=Pack]
// Cake resolves relative paths against this script's folder, hence the "../".

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = File("../AiOpsPolicy.sln");
var artifacts = Directory("../artifacts");

Task("Clean")
    .Does(() =>
{
    CleanDirectories("../src/**/bin/" + configuration);
    CleanDirectories("../src/**/obj/" + configuration);
    CleanDirectories("../tests/**/bin/" + configuration);
    CleanDirectories("../tests/**/obj/" + configuration);
    CleanDirectory(artifacts);
});

// Lint: the code's layout must already be what `dotnet format` would make it (.editorconfig); no file is changed.
// Folder mode needs no restore or build, so it fails in seconds. The analyzers (code style, .NET analyzers, banned
// symbols, Core's declared public API) run in every compile as errors (Directory.Build.props: EnforceCodeStyleInBuild,
// TreatWarningsAsErrors), so Build, which depends on this target, is where they fail.
Task("Lint")
    .Does(() =>
{
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = "format whitespace --folder --verify-no-changes --exclude **/bin/** **/obj/** **/node_modules/** --verbosity quiet .",
        WorkingDirectory = MakeAbsolute(Directory("..")),
    });
    if (exitCode != 0)
    {
        throw new Exception("dotnet format found files whose layout differs from .editorconfig (listed above): run `dotnet format whitespace --folder .` and commit the result.");
    }
});

Task("Restore")
    .IsDependentOn("Lint")
    .Does(() =>
{
    // On CI the lock files are authoritative: a restore that would change them fails.
    DotNetRestore(solution, new DotNetRestoreSettings
    {
        LockedMode = EnvironmentVariable("CI") == "true",
    });
});

Task("Build")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });
});

// The SARIF tests validate the reports with Sarif.Multitool, installed from npm with its lock file.
Task("TestTools")
    .Does(() =>
{
    var exitCode = StartProcess("npm", new ProcessSettings
    {
        Arguments = "ci --prefix ../tools/sarif-multitool --no-audit --no-fund --loglevel=error",
    });
    if (exitCode != 0)
    {
        throw new Exception($"npm ci for tools/sarif-multitool exited {exitCode}: install Node.js and npm (apt-get install -y nodejs npm).");
    }
});

Task("Test")
    .IsDependentOn("Build")
    .IsDependentOn("TestTools")
    .Does(() =>
{
    // The budget tests through the built CLI (BudgetBoundaryProcessTests) measure how long a runaway run takes to end,
    // which is only meaningful with the machine's cores free: run beside the other test assemblies (load 30-70 on two
    // cores), a garbage collector walking a ten-million-frame stack held one for four minutes. So they run last, alone.
    const string boundary = "FullyQualifiedName~AiOpsPolicy.Cli.Tests.BudgetBoundaryProcessTests";
    DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = new[] { "console;verbosity=normal" },
        Filter = boundary.Replace("~", "!~"),
    });
    DotNetTest("../tests/AiOpsPolicy.Cli.Tests/AiOpsPolicy.Cli.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = new[] { "console;verbosity=normal" },
        Filter = boundary,
    });
});

Task("Pack")
    .IsDependentOn("Test")
    .Does(() =>
{
    DotNetPack("../src/AiOpsPolicy.Cli/AiOpsPolicy.Cli.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        OutputDirectory = artifacts,
    });
});

Task("Publish")
    .Does(() =>
{
    // The CLI, framework-dependent, precompiled ReadyToRun for linux-x64: the fast start-up build
    // (docs/performance.md). The restore this runs is RID-specific; the src projects declare that RID
    // (Directory.Build.props), so on CI it passes in locked mode.
    DotNetPublish("../src/AiOpsPolicy.Cli/AiOpsPolicy.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = "linux-x64",
        SelfContained = false,
        PublishReadyToRun = true,
        OutputDirectory = artifacts + Directory("publish/linux-x64"),
    });
});

Task("PublishComposite")
    .Does(() =>
{
    // The composite publish leaves, in the CLI's obj/ R2R folder, per-assembly stubs that only run beside its composite
    // image; a later framework-dependent Publish in the same working copy took them as up to date and shipped a CLI that
    // aborted (exit 134, no message) on its first run. The folder is emptied before and after, so each publish compiles
    // its own images.
    var stubs = Directory($"../src/AiOpsPolicy.Cli/obj/{configuration}/net10.0/linux-x64/R2R");
    void DeleteStubs()
    {
        if (DirectoryExists(stubs))
        {
            DeleteDirectory(stubs, new DeleteDirectorySettings { Recursive = true });
        }
    }

    DeleteStubs();

    // An earlier composite's files must not survive either: publish copies a package's file only when it is newer than
    // the one in place, so an assembly this composite leaves out (AiOpsPolicy.Cli.csproj, LeaveOffPathAssembliesOutOfTheComposite)
    // kept the earlier composite's stub, which points into an image that no longer holds its code.
    var output = artifacts + Directory("publish/linux-x64-composite");
    if (DirectoryExists(output))
    {
        DeleteDirectory(output, new DeleteDirectorySettings { Recursive = true });
    }

    // The same CLI self-contained, the runtime and the app precompiled as one composite ReadyToRun
    // image: generic instantiations across the framework boundary are precompiled too, so a warm
    // gate JIT-compiles far less. About 250 MB and two to three minutes of crossgen; run the apphost
    // artifacts/publish/linux-x64-composite/aiops-policy (docs/performance.md, "ReadyToRun").
    DotNetPublish("../src/AiOpsPolicy.Cli/AiOpsPolicy.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = "linux-x64",
        SelfContained = true,
        PublishReadyToRun = true,
        OutputDirectory = output,
        // x86-64-v3 (AVX2, BMI, FMA; x64 processors since 2013-2015): the framework's vectorised helpers
        // (span searches, SearchValues, LINQ's FillIncrementing/Min/Max) are compiled ahead for AVX2 instead of
        // being rejected at run time on an AVX2 machine and JIT-compiled on the main thread. On an older processor
        // the runtime refuses the whole composite image's code and JIT-compiles: slower, never wrong.
        MSBuildSettings = new DotNetMSBuildSettings()
            .WithProperty("PublishReadyToRunComposite", "true")
            .WithProperty("PublishReadyToRunCrossgen2ExtraArgs", "--instruction-set:x86-64-v3"),
    });
    DeleteStubs();
});

RunTarget(target);
