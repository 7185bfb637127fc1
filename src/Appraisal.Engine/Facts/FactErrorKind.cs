namespace Appraisal.Engine.Facts;

/// <summary>Why a fact set was rejected: a value that breaks the schema, or a document too large to read.</summary>
public enum FactErrorKind
{
    /// <summary>The caller sent something the policy's inputs do not allow (maps to INVALID_ARGUMENT).</summary>
    Invalid,

    /// <summary>The document exceeds one of <see cref="FactLimits"/> (maps to RESOURCE_EXHAUSTED).</summary>
    LimitExceeded,
}
