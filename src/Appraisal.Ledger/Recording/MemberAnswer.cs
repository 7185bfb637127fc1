namespace Appraisal.Ledger.Recording;

/// <summary>One member's answer within a group.</summary>
public sealed record MemberAnswer(string Id, Answer Answer);
