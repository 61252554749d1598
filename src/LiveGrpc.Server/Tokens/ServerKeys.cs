using System.Security.Cryptography;
using System.Text;
using LiveGrpc.Server.Persistence;
using Microsoft.Extensions.Options;

namespace LiveGrpc.Server.Tokens;

/// <summary>
/// The server's root key and the keys derived from it. The root comes from <c>Tokens:SigningKey</c>
/// or, when that is unset, is generated once and kept in the data directory so tokens and derived
/// host secrets survive a restart. Each use gets its own HKDF subkey so no two purposes share a key.
/// </summary>
public sealed class ServerKeys
{
    private const string KeyFileName = "signing-key";

    private readonly Lazy<byte[]> _root;

    public ServerKeys(IOptions<TokenOptions> tokens, IOptions<StorageOptions> storage, ILogger<ServerKeys> logger)
    {
        _root = new Lazy<byte[]>(() => LoadRoot(tokens.Value, storage.Value, logger));
    }

    /// <summary>The HMAC-SHA256 key for LiveGrpc tokens and invites.</summary>
    public byte[] TokenSigningKey => DeriveKey("livegrpc token signing v1");

    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _root.Value, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));

    private static byte[] LoadRoot(TokenOptions tokens, StorageOptions storage, ILogger logger)
    {
        if (!string.IsNullOrEmpty(tokens.SigningKey))
        {
            return Encoding.UTF8.GetBytes(tokens.SigningKey);
        }
        var directory = storage.ResolveDataDirectory();
        var path = Path.Combine(directory, KeyFileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        Directory.CreateDirectory(directory);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var writer = new StreamWriter(path, Encoding.ASCII, options);
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs so both agree.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        logger.LogInformation("Generated a token signing key at {Path}; set Tokens:SigningKey to share one across servers.", path);
        return key;
    }
}
