namespace Appraisal.Impact.Teams;

/// <summary>What a cell held in the file: text (every CSV cell), a number, a boolean, or a number styled as a date.</summary>
internal enum TeamCellKind { Text, Number, Bool, DateSerial }
