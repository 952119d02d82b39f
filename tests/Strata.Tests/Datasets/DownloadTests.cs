using System.Net;
using System.Security.Cryptography;
using Strata.Datasets;

namespace Strata.Tests.Datasets;

/// <summary>Downloads from a server on the loopback interface: checksum checked, cached atomically, clear errors.</summary>
public sealed class DownloadTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("strata-cache-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private static (HttpListener Server, string Url) Serve(byte[] content)
    {
        for (int port = 18_000 + System.Random.Shared.Next(20_000); ; port++)
        {
            var server = new HttpListener();
            string url = $"http://127.0.0.1:{port}/";
            server.Prefixes.Add(url);
            try
            {
                server.Start();
            }
            catch (HttpListenerException)
            {
                continue;
            }
            _ = Task.Run(async () =>
            {
                HttpListenerContext context = await server.GetContextAsync();
                context.Response.ContentLength64 = content.Length;
                await context.Response.OutputStream.WriteAsync(content);
                context.Response.Close();
            });
            return (server, url + "data.bin");
        }
    }

    [Fact]
    public void AVerifiedDownloadIsCached()
    {
        byte[] content = [1, 2, 3, 4, 5];
        (HttpListener server, string url) = Serve(content);
        using (server)
        {
            string hash = Convert.ToHexStringLower(SHA256.HashData(content));
            string path = DatasetFiles.Get($"strata-test-{Guid.NewGuid():N}.bin", url, hash, [], _cache);
            Assert.Equal(content, File.ReadAllBytes(path));
            Assert.StartsWith(_cache, path);
            Assert.Single(Directory.GetFiles(_cache)); // no temporary file left
        }
    }

    [Fact]
    public void AWrongChecksumCachesNothing()
    {
        (HttpListener server, string url) = Serve([9, 9, 9]);
        using (server)
        {
            var error = Assert.Throws<InvalidDataException>(() => DatasetFiles.Get($"strata-test-{Guid.NewGuid():N}.bin", url, new string('0', 64), [], _cache));
            Assert.Contains("checksum", error.Message);
            Assert.Empty(Directory.GetFiles(_cache));
        }
    }

    [Fact]
    public void NoServerSaysWhereToPutTheFile()
    {
        string name = $"strata-test-{Guid.NewGuid():N}.npz";
        var error = Assert.Throws<FileNotFoundException>(() => DatasetFiles.Get(name, "http://127.0.0.1:9/missing.npz", new string('0', 64), [], _cache));
        Assert.Contains(name, error.Message);
        Assert.Contains("STRATA_DATASETS", error.Message);
        Assert.Empty(Directory.GetFiles(_cache));
    }
}
