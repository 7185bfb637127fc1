using System.Collections.Immutable;
using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

public enum PolicyState { Ready, Stale, Broken }
