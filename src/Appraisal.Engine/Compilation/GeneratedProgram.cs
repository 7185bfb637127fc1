using Appraisal.Policy.Text;

namespace Appraisal.Engine.Compilation;

/// <summary>The generated C# of a plan and the objects it refers to (passed to its <c>Init</c> after loading).</summary>
internal sealed record GeneratedProgram(string Source, object[] Constants, TextSpan[] Spans);
