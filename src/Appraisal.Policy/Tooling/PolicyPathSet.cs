using System.Collections.Immutable;

namespace Appraisal.Policy.Tooling;

/// <summary>The policy files named on a command line: files as given, directories expanded.</summary>
/// <param name="Files">Every file to work on, in command-line order; a directory contributes its <c>*.policy</c>
/// files (searched recursively, sorted by path). Paths stay as the user wrote them (relative stays relative).</param>
/// <param name="NotFound">Paths that are neither a file nor a directory.</param>
public sealed record PolicyPathSet(ImmutableArray<string> Files, ImmutableArray<string> NotFound);
