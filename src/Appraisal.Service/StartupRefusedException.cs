using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>The configuration is unsafe to serve; the reason has been logged.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
