using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

public enum PolicyState { Ready, Stale, Broken }
