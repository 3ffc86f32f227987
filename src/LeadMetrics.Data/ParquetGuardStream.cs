namespace LeadMetrics.Data;

/// <summary>
/// The file stream a Parquet file is read through, with a budget of work: reading a valid file reads each column chunk
/// once plus the footer, so reads, read calls and seeks far beyond the file's size mean pages whose headers do not add
/// up (a corrupt page of no values, read again at the same offset forever: found by fuzzing, issue 15). Past the budget
/// a read throws <see cref="InvalidDataException"/>, which the reader reports as a file that is not readable Parquet.
/// </summary>
internal sealed class ParquetGuardStream(FileStream inner) : Stream
{
    // 16 times the file plus 4 million units: a valid file uses about 1 to 2 times its length.
    private readonly long _budget = checked((inner.Length * 16) + (4L << 20));
    private long _spent;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set
        {
            Spend(64);
            inner.Position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Spend(n + 16);
        return n;
    }

    public override int ReadByte()
    {
        // Parquet.Net's Thrift reader takes -1 for the byte 0xFF and reads a varint on forever: the end is an error here.
        Spend(16);
        var b = inner.ReadByte();
        return b >= 0 ? b : throw new InvalidDataException("a page header runs past the end of the file");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        Spend(64);
        return inner.Seek(offset, origin);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Spend(long units)
    {
        _spent += units;
        if (_spent > _budget)
        {
            throw new InvalidDataException($"the file's pages do not add up: reading it took more than {_budget:N0} units of work for {inner.Length:N0} bytes (a page of no values read again and again, or sizes past the end)");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
