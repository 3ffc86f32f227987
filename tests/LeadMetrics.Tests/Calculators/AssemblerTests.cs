using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LeadMetrics.Calculators;
using LeadMetrics.Encoding;
using LeadMetrics.Events;
using LeadMetrics.Grouping;
using LeadMetrics.Records;
using LeadMetrics.Testing;
using LeadMetrics.Tests.Performance;
using NodaTime;

namespace LeadMetrics.Tests.Calculators;

public class AssemblerTests
{
    private static readonly Pipeline P = Pipeline.Default;
    private static readonly Instant T0 = Instant.FromUtc(2024, 5, 6, 9, 0);

    /// <summary>The events of a lead, in an order a CRM would emit them.</summary>
    private static IEnumerable<Action<LeadRecordAssembler>> EventsOf(Lead lead, int key, LeadEncoding encoding)
    {
        var created = new LeadCreatedEvent(key, lead.CreatedAt, encoding.Sources.Encode(lead.Source), encoding.Campaigns.Encode(lead.Campaign), encoding.Owners.Encode(lead.Owner));
        yield return a => a.Apply(created);
        if (lead.FirstResponseAt is { } response)
        {
            var outbound = new TouchpointEvent(key, response, 1, TouchpointKind.Call, TouchpointDirection.Outbound);
            var later = new FirstResponseEvent(key, response + Duration.FromHours(1));
            yield return a => a.Apply(later);
            yield return a => a.Apply(outbound);
            var inbound = new TouchpointEvent(key, lead.CreatedAt, 1, TouchpointKind.Form, TouchpointDirection.Inbound);
            yield return a => a.Apply(inbound);
        }

        foreach (var t in lead.StageHistory)
        {
            var e = new StageChangedEvent(key, t.To.Index, t.At, t.To.Kind == StageKind.Won ? lead.DealValue?.Amount ?? 0m : 0m);
            yield return a => a.Apply(e);
        }
    }

    [Property(Arbitrary = [typeof(LeadArbitraries)])]
    public Property Events_assemble_into_the_same_kpis_as_leads(Lead[] leads)
    {
        var encoding = new LeadEncoding();
        var records = leads.Select(l => LeadRecord.FromLead(l, encoding)).ToArray();
        var directSet = LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, LeadGrouping.BySource);
        directSet.AddRange(records.AsSpan());
        var direct = directSet.Snapshot();

        var assembler = new LeadRecordAssembler();
        var eventEncoding = new LeadEncoding();
        for (var i = 0; i < leads.Length; i++)
        {
            foreach (var apply in EventsOf(leads[i], i + 1, eventEncoding))
            {
                apply(assembler);
            }
        }

        var assembled = assembler.FeedTo(LeadKpiSet.Create(KpiOptions.Default, LeadGrouping.Total, LeadGrouping.BySource)).Snapshot();
        return (assembler.Count == leads.Length).Label("one record per lead")
            .And((assembled.Equals(direct)).Label("the same KPIs in every group"));
    }

    [Fact]
    public void Bad_event_sequences_name_the_problem()
    {
        var a = new LeadRecordAssembler();
        Assert.Contains("no LeadCreatedEvent", Assert.Throws<ArgumentException>(() => a.Apply(new StageChangedEvent(1, 1, T0))).Message, StringComparison.Ordinal);
        a.Apply(new LeadCreatedEvent(1, T0));
        Assert.Contains("already created", Assert.Throws<ArgumentException>(() => a.Apply(new LeadCreatedEvent(1, T0))).Message, StringComparison.Ordinal);
        Assert.Contains("not a stage", Assert.Throws<ArgumentException>(() => a.Apply(new StageChangedEvent(1, 9, T0))).Message, StringComparison.Ordinal);
        Assert.Contains("before its creation", Assert.Throws<ArgumentException>(() => a.Apply(new FirstResponseEvent(1, T0 - Duration.FromMinutes(1)))).Message, StringComparison.Ordinal);
        a.Apply(new StageChangedEvent(1, 1, T0 + Duration.FromHours(2)));
        Assert.Contains("previous stage change", Assert.Throws<ArgumentException>(() => a.Apply(new StageChangedEvent(1, 2, T0 + Duration.FromHours(1)))).Message, StringComparison.Ordinal);
        a.Apply(new StageChangedEvent(1, P["ClosedLost"].Index, T0 + Duration.FromHours(3)));
        Assert.Contains("already Lost", Assert.Throws<ArgumentException>(() => a.Apply(new StageChangedEvent(1, 2, T0 + Duration.FromHours(4)))).Message, StringComparison.Ordinal);
        var record = a.GetRecord(1);
        Assert.Equal(LeadOutcome.Lost, record.Outcome);
        Assert.Equal(1, record.FurthestPosition);
        Assert.Equal(2, record.Stages.Length);
    }

    [Fact]
    public void Applying_events_to_a_warm_assembler_allocates_nothing()
    {
        const int n = 100_000;
        var a = new LeadRecordAssembler();
        a.Apply(new LeadCreatedEvent(n, T0)); // grows the arrays once
        var created = new LeadCreatedEvent[n - 1];
        var changes = new StageChangedEvent[n - 1];
        var responses = new FirstResponseEvent[n - 1];
        for (var i = 1; i < n; i++)
        {
            created[i - 1] = new LeadCreatedEvent(i, T0, source: i % 7);
            changes[i - 1] = new StageChangedEvent(i, 1 + (i % 3), T0 + Duration.FromHours(1));
            responses[i - 1] = new FirstResponseEvent(i, T0 + Duration.FromMinutes(i % 90));
        }

        var before = ThreadAllocations.Start();
        for (var i = 0; i < n - 1; i++)
        {
            a.Apply(created[i]);
            a.Apply(responses[i]);
            a.Apply(changes[i]);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024);
        Assert.Equal(n, a.Count);
    }
}
