namespace Appraisal.Engine.Evaluation;

public enum EvaluationErrorKind
{
    /// <summary>A fault in the data at run time: division by zero, no table row matches, a number too large.</summary>
    Runtime,
    /// <summary>The evaluation needed more than its cost budget.</summary>
    BudgetExceeded,
    /// <summary>Something the request must supply is missing: the period, earlier periods, a group.</summary>
    MissingContext,
}
