namespace Appraisal.Service;

/// <summary>How a policy serves: see <c>PolicyStatus</c> in the proto.</summary>
public enum PolicyState { Ready, Stale, Broken, Scheduled }
