namespace Appraisal.Ledger.Recording;

/// <summary>How much of an explanation the caller wants back (a recorded outcome always keeps the full one).</summary>
public enum ExplanationDetail
{
    /// <summary>None: the cheapest evaluation.</summary>
    None,
    /// <summary>The explanation as text, in the call's language.</summary>
    Text,
    /// <summary>The text and the explanation as data (JSON).</summary>
    Full,
}
