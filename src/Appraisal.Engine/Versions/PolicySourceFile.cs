namespace Appraisal.Engine.Versions;

/// <summary>One file of a policy version: a library it includes, named by its path from the policy's folder (<c>/</c> separators).</summary>
public sealed record PolicySourceFile(string Path, string Text);
