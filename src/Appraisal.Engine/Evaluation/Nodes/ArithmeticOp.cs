namespace Appraisal.Engine.Evaluation;

public enum ArithmeticOp { Add, Subtract, Multiply, Divide }
