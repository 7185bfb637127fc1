using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Compilation;

/// <summary>
/// A directory of compiled policy assemblies, so that a restarted process loads the compiled tier instead of running
/// Roslyn again. One file per entry, named by its key; written whole to a temporary file and renamed into place, so a
/// reader sees a complete entry or none, and concurrent writers of one key (who write the same bytes) cannot mix.
/// <para>
/// The key is the SHA-256 of the generated C# source and of this engine (the module version ids of the engine, the
/// language and the runtime's core library, and the Roslyn version the engine was built against). The source is the
/// key because it is everything that decides the compiled code: the generator is a function of the plan, and
/// generating it is needed anyway — it makes the runtime objects (texts, tables, spans) handed to the
/// assembly's <c>Init</c> by index — so the same source means the same indices, types and code. The engine is in the
/// key because the assembly is bound to the engine's members: an engine that changed would make it fail late.
/// </para>
/// <para>
/// An entry has a header (magic, format version, the key, the length and SHA-256 of the assembly); an entry that is
/// truncated, damaged, foreign or does not load is ignored and rebuilt (<see cref="CacheOutcome.Rebuilt"/> with a
/// <see cref="CacheFault"/>). The directory holds at most <see cref="MaxEntries"/> entries and
/// <see cref="MaxBytes"/> bytes; the least recently used go first. It holds code this process loads and runs: keep it
/// writable only by the account that runs the engine (it is created so, mode 0700, when it does not exist).
/// </para>
/// </summary>
public sealed class CompileCache
{
    /// <summary>The most entries kept when none is given.</summary>
    public const int DefaultMaxEntries = 256;

    /// <summary>The most bytes kept when none is given (64 MB; a compiled policy is some tens of KB).</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>An entry file's extension.</summary>
    public const string Extension = ".pca";

    private const string TempExtension = ".tmp";
    private const int FormatVersion = 1;
    private const int KeyBytes = 32;
    private const int HeaderLength = 8 + KeyBytes + 4 + 32;
    private const int MaxImageBytes = 16 * 1024 * 1024;
    private static readonly byte[] Magic = "APPRCC\0\u0001"u8.ToArray(); // the last byte is FormatVersion
    private static readonly Lazy<string> ThisEngine = new(DescribeEngine);

    private long _hits, _misses, _rebuilds, _storeFailures;

    /// <summary>A cache in <paramref name="directory"/> (created when the first entry is stored).</summary>
    public CompileCache(string directory, int maxEntries = DefaultMaxEntries, long maxBytes = DefaultMaxBytes)
        : this(directory, maxEntries, maxBytes, ThisEngine.Value)
    {
    }

    /// <summary>For tests: a cache keyed as if by another engine.</summary>
    internal CompileCache(string directory, int maxEntries, long maxBytes, string engine)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        Directory = Path.GetFullPath(directory);
        MaxEntries = maxEntries;
        MaxBytes = maxBytes;
        Engine = engine;
    }

    /// <summary>The directory of the entries (a full path).</summary>
    public string Directory { get; }

    public int MaxEntries { get; }

    public long MaxBytes { get; }

    /// <summary>Compiles whose assembly was loaded from here.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Compiles that found no entry.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Compiles that found an entry they could not use, and replaced it.</summary>
    public long Rebuilds => Interlocked.Read(ref _rebuilds);

    /// <summary>Entries that could not be written (the compiled code served all the same).</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>What the key says of the engine.</summary>
    internal string Engine { get; }

    /// <summary>
    /// The per-user default: <c>$XDG_CACHE_HOME/appraisal/compile-cache</c>, else <c>~/.cache/appraisal/compile-cache</c>
    /// (on Windows under the local application data folder); null when the user has no home to put it in.
    /// </summary>
    public static string? UserDefaultDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache") : "";
        return root.Length == 0 ? null : Path.Combine(root, "appraisal", "compile-cache");
    }

    /// <summary>The key of generated code for this cache's engine: 64 lowercase hex digits.</summary>
    internal string KeyOf(string source) => Key(Engine, source);

    /// <summary>The key of generated code for this process's engine (what names the assembly, cached or not).</summary>
    internal static string KeyForThisEngine(string source) => Key(ThisEngine.Value, source);

    private static string Key(string engine, string source) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(engine + "\n" + source)));

    /// <summary>The file of an entry.</summary>
    internal string PathOf(string key) => Path.Combine(Directory, key + Extension);

    /// <summary>
    /// The assembly stored under <paramref name="key"/>; null when there is none (<paramref name="fault"/> is
    /// <see cref="CacheFault.None"/>) or when the entry cannot be used (the fault says why).
    /// </summary>
    internal byte[]? Read(string key, out CacheFault fault)
    {
        var path = PathOf(key);
        byte[] file;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                fault = CacheFault.None;
                return null;
            }
            if (info.Length > HeaderLength + MaxImageBytes)
            {
                fault = CacheFault.NotAnEntry;
                return null;
            }
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            fault = CacheFault.None; // evicted or replaced between the look and the read
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fault = CacheFault.Unreadable;
            return null;
        }
        return Parse(file, key, out fault);
    }

    /// <summary>The assembly in an entry's bytes, checked against its header; null and the fault when it does not check.</summary>
    internal static byte[]? Parse(ReadOnlySpan<byte> file, string key, out CacheFault fault)
    {
        if (file.Length < HeaderLength)
        {
            // A cut-short entry still starts like one; anything else is not ours.
            var prefix = Math.Min(file.Length, Magic.Length);
            fault = file[..prefix].SequenceEqual(Magic.AsSpan(0, prefix)) ? CacheFault.Truncated : CacheFault.NotAnEntry;
            return null;
        }
        if (!file.StartsWith(Magic))
        {
            fault = CacheFault.NotAnEntry;
            return null;
        }
        if (!file.Slice(Magic.Length, KeyBytes).SequenceEqual(Convert.FromHexString(key)))
        {
            fault = CacheFault.OtherKey;
            return null;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(file.Slice(Magic.Length + KeyBytes, 4));
        if (length is < 0 or > MaxImageBytes || file.Length > HeaderLength + length)
        {
            fault = CacheFault.NotAnEntry;
            return null;
        }
        if (file.Length < HeaderLength + length)
        {
            fault = CacheFault.Truncated;
            return null;
        }
        var image = file.Slice(HeaderLength, length);
        if (!SHA256.HashData(image).AsSpan().SequenceEqual(file.Slice(Magic.Length + KeyBytes + 4, 32)))
        {
            fault = CacheFault.ContentMismatch;
            return null;
        }
        fault = CacheFault.None;
        return image.ToArray();
    }

    /// <summary>An entry's bytes: the header, then the assembly.</summary>
    internal static byte[] Entry(string key, ReadOnlySpan<byte> image)
    {
        var entry = new byte[HeaderLength + image.Length];
        Magic.CopyTo(entry, 0);
        Convert.FromHexString(key).CopyTo(entry, Magic.Length);
        BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(Magic.Length + KeyBytes), image.Length);
        SHA256.HashData(image).CopyTo(entry, Magic.Length + KeyBytes + 4);
        image.CopyTo(entry.AsSpan(HeaderLength));
        return entry;
    }

    /// <summary>
    /// Writes an entry (temporary file, flushed to disk, renamed over any old one), then evicts beyond the bounds.
    /// Returns null, or why it could not (the caller reports it; the compiled code serves all the same).
    /// </summary>
    internal string? Store(string key, byte[] image)
    {
        var temp = Path.Combine(Directory, $"{key}.{Guid.NewGuid():N}{TempExtension}");
        try
        {
            CreateDirectory();
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Entry(key, image));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, PathOf(key), overwrite: true);
            Evict(key);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _storeFailures);
            return "the compiled policy was not cached: " + e.Message + DeleteLeftover(temp);
        }
    }

    /// <summary>Marks an entry as just used, so eviction (least recently used first) keeps it. Returns null or why not.</summary>
    internal string? Touch(string key)
    {
        try
        {
            File.SetLastWriteTimeUtc(PathOf(key), DateTime.UtcNow);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "the cached entry could not be marked as used: " + e.Message;
        }
    }

    /// <summary>Counts one compile's outcome.</summary>
    internal void Count(CacheOutcome outcome)
    {
        switch (outcome)
        {
            case CacheOutcome.Hit: Interlocked.Increment(ref _hits); break;
            case CacheOutcome.Miss: Interlocked.Increment(ref _misses); break;
            case CacheOutcome.Rebuilt: Interlocked.Increment(ref _rebuilds); break;
        }
    }

    private void CreateDirectory()
    {
        if (System.IO.Directory.Exists(Directory)) return;
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(Directory);
        else System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// Deletes the least recently used entries beyond <see cref="MaxEntries"/> or <see cref="MaxBytes"/> (never the one
    /// just written), and temporary files left by a process that stopped while writing (older than ten minutes).
    /// </summary>
    private void Evict(string kept)
    {
        var directory = new DirectoryInfo(Directory);
        var abandoned = DateTime.UtcNow.AddMinutes(-10);
        foreach (var temp in directory.EnumerateFiles("*" + TempExtension))
        {
            if (temp.LastWriteTimeUtc < abandoned) temp.Delete();
        }
        var entries = directory.EnumerateFiles("*" + Extension).OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        var (count, bytes) = (0, 0L);
        foreach (var entry in entries)
        {
            var keep = Path.GetFileNameWithoutExtension(entry.Name) == kept || (count < MaxEntries && bytes + entry.Length <= MaxBytes);
            if (keep)
            {
                count++;
                bytes += entry.Length;
            }
            else
            {
                entry.Delete();
            }
        }
    }

    private static string DeleteLeftover(string temp)
    {
        try
        {
            File.Delete(temp);
            return "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "; its temporary file is left behind: " + e.Message;
        }
    }

    /// <summary>What decides the compiled code besides its source: the engine, the language, the runtime and Roslyn.</summary>
    private static string DescribeEngine()
    {
        var engine = typeof(Value).Assembly;
        var roslyn = engine.GetReferencedAssemblies().Where(a => a.Name?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true)
            .Select(a => a.FullName).Order(StringComparer.Ordinal);
        return $"appraisal-compile-cache/{FormatVersion}; engine {engine.ManifestModule.ModuleVersionId}; "
            + $"language {typeof(TextSpan).Assembly.ManifestModule.ModuleVersionId}; runtime {typeof(object).Assembly.ManifestModule.ModuleVersionId}; "
            + string.Join("; ", roslyn);
    }
}
