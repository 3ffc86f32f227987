namespace LeadMetrics.Data.Tests;

/// <summary>
/// The reader's lead-id table against a dictionary: it defers indexing while ids arrive in increasing ordinal order
/// (LeadIdTable), which may not change what a lookup gives, whatever the order of the ids.
/// </summary>
public sealed class LeadIdTableTests
{
    [Theory]
    [InlineData(0, 10)]        // sorted throughout: nothing indexed until Index or a lookup of a smaller id
    [InlineData(1, 5_000)]     // sorted, then ids in random order
    [InlineData(2, 20_000)]    // random order from the start
    [InlineData(3, 3_000)]     // sorted with repeats of earlier ids looked up on the way
    public void Id_table_finds_what_a_dictionary_finds(int seed, int count)
    {
        var random = new Random(seed);
        var table = new LeadIdTable();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var sorted = seed == 0 || seed == 3 || (seed == 1 && i < count / 2);
            var id = sorted ? $"L{i:D7}" : $"X{random.Next(count * 4)}";
            if (seed == 3 && i % 7 == 3 && ids.Count > 0)
            {
                id = ids[random.Next(ids.Count)]; // an earlier id again: found, not added
            }

            var found = table.Find(id);
            Assert.Equal(reference.GetValueOrDefault(id, -1), found);
            if (found < 0)
            {
                table.Add(id, reference.Count);
                reference.Add(id, reference.Count);
                ids.Add(id);
            }

            if (i % 997 == 0)
            {
                var probe = i % 2 == 0 && ids.Count > 0 ? ids[random.Next(ids.Count)] : $"Q{i}";
                Assert.Equal(reference.GetValueOrDefault(probe, -1), table.Find(probe));
            }
        }

        table.Index();
        foreach (var (id, lead) in reference)
        {
            Assert.Equal(lead, table.Find(id));
            Assert.True(table.Is(lead, id));
        }

        Assert.Equal(-1, table.Find("L"));
        Assert.Equal(-1, table.Find("zzz-not-an-id"));
    }

    [Fact]
    public void Id_table_defers_nothing_once_an_id_arrives_out_of_order()
    {
        var table = new LeadIdTable();
        table.Add("b", 0);
        table.Add("c", 1);
        Assert.Equal(-1, table.Find("a")); // smaller than the last id: the table is built and looked up
        table.Add("a", 2);
        Assert.Equal(0, table.Find("b"));
        Assert.Equal(1, table.Find("c"));
        Assert.Equal(2, table.Find("a"));
        Assert.Equal(-1, table.Find("d"));
    }
}
