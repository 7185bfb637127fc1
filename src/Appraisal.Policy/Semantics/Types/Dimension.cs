using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// The dimension of a quantity: exponents of money, points and duration. Units multiply and divide like
/// physical dimensions: money × points ÷ points is money; points + money is an error.
/// </summary>
public readonly record struct Dimension(int Money, int Points, int Duration)
{
    public static readonly Dimension None = new(0, 0, 0);
    public bool IsNone => this == None;
    public Dimension Times(Dimension other) => new(Money + other.Money, Points + other.Points, Duration + other.Duration);
    public Dimension Over(Dimension other) => new(Money - other.Money, Points - other.Points, Duration - other.Duration);

    public override string ToString()
    {
        // The usual dimensions, named without building the general form (every output's type is shown per answer).
        switch ((Money, Points, Duration))
        {
            case (1, 0, 0): return "money";
            case (0, 1, 0): return "points";
            case (0, 0, 1): return "duration";
            case (0, 0, 0): return "number";
        }
        var up = new List<string>();
        var down = new List<string>();
        void Add(string name, int exponent)
        {
            if (exponent == 0) return;
            var list = exponent > 0 ? up : down;
            list.Add(Math.Abs(exponent) == 1 ? name : $"{name}^{Math.Abs(exponent)}");
        }
        Add("money", Money);
        Add("points", Points);
        Add("duration", Duration);
        var top = up.Count == 0 ? "number" : string.Join("·", up);
        return down.Count == 0 ? top : $"{top} / {string.Join(" / ", down)}";
    }
}
