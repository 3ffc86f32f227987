using LeadMetrics.Events;
using LeadMetrics.Finance;
using LeadMetrics.Records;

namespace LeadMetrics.Attribution;

/// <summary>
/// The model arithmetic: which touchpoints of a journey count, in which order, and the credit of
/// each. Works in caller-supplied spans and allocates nothing.
/// </summary>
internal static class JourneyCredits
{
    private static readonly Comparison<TouchpointEvent> Order = Compare;

    /// <summary>
    /// Copies the touchpoints that count into <paramref name="output"/> in time order and returns how
    /// many there are. Counted: touchpoints of the lead at or after <c>createdAt − lookback</c>, at or
    /// before the close of a closed lead, and inbound when the options say so. Ties in time are
    /// ordered by channel, campaign, kind, direction and actor, so the order of input never matters.
    /// </summary>
    internal static int Select(in LeadRecord lead, ReadOnlySpan<TouchpointEvent> touchpoints, Span<TouchpointEvent> output, AttributionOptions options)
    {
        var lookback = options.Lookback.BclCompatibleTicks;
        var earliest = lead.CreatedTicks >= long.MinValue + lookback ? lead.CreatedTicks - lookback : long.MinValue;
        var latest = lead.ClosedTicks == LeadRecord.None ? long.MaxValue : lead.ClosedTicks;
        var count = 0;
        for (var i = 0; i < touchpoints.Length; i++)
        {
            ref readonly var touch = ref touchpoints[i];
            if (touch.Lead != lead.Lead)
            {
                throw new ArgumentException(
                    $"touchpoints[{i}] belongs to lead {touch.Lead}, not to the journey's lead {lead.Lead}.", nameof(touchpoints));
            }

            var at = touch.At.ToUnixTimeTicks();
            if (at < earliest || at > latest || (options.InboundOnly && touch.Direction != TouchpointDirection.Inbound))
            {
                continue;
            }

            output[count++] = touch;
        }

        output[..count].Sort(Order);
        return count;
    }

    /// <summary>
    /// Writes the credit of each of the <paramref name="touches"/> (in time order, at least one) into
    /// <paramref name="credits"/>: the model's weights normalized by cumulative rounding to
    /// <see cref="ExactSplit.CreditScale"/> places, so they sum to exactly 1.
    /// </summary>
    internal static void Compute(in LeadRecord lead, ReadOnlySpan<TouchpointEvent> touches, Span<decimal> credits, AttributionOptions options)
    {
        var n = touches.Length;
        var weights = credits[..n];
        Weigh(lead, touches, weights, options);
        var total = 0m;
        foreach (var w in weights)
        {
            total += w;
        }

        if (total == 0m)
        {
            // Only possible with degenerate shares; fall back to equal weights.
            weights.Fill(1m);
            total = n;
        }

        // Cumulative rounding: credit_i = R(S_i / W) - R(S_(i-1) / W); the last makes the sum exactly 1.
        var cumulative = 0m;
        var previous = 0m;
        for (var i = 0; i < n; i++)
        {
            cumulative += weights[i];
            var upTo = i == n - 1 ? 1m
                : total == 1m ? Math.Round(cumulative, ExactSplit.CreditScale, MidpointRounding.ToEven) // no division needed
                : ExactSplit.RoundedShare(1m, cumulative, total, ExactSplit.CreditScale);
            weights[i] = upTo - previous;
            previous = upTo;
        }
    }

    private static void Weigh(in LeadRecord lead, ReadOnlySpan<TouchpointEvent> touches, Span<decimal> weights, AttributionOptions options)
    {
        var n = touches.Length;
        weights.Clear();
        switch (options.Model)
        {
            case AttributionModel.FirstTouch:
                weights[0] = 1m;
                break;
            case AttributionModel.LastTouch:
                weights[n - 1] = 1m;
                break;
            case AttributionModel.Linear:
                weights.Fill(1m);
                break;
            case AttributionModel.TimeDecay:
                var lastTicks = touches[n - 1].At.ToUnixTimeTicks();
                var halfLife = (double)options.HalfLife.BclCompatibleTicks;
                for (var i = 0; i < n; i++)
                {
                    var age = lastTicks - touches[i].At.ToUnixTimeTicks();
                    weights[i] = (decimal)Math.Pow(2.0, -age / halfLife);
                }

                break;
            case AttributionModel.PositionBased:
                if (n == 1)
                {
                    weights[0] = 1m;
                }
                else
                {
                    weights[0] = options.FirstTouchShare;
                    weights[n - 1] = options.LastTouchShare;
                    if (n > 2)
                    {
                        var middle = (1m - options.FirstTouchShare - options.LastTouchShare) / (n - 2);
                        weights[1..(n - 1)].Fill(middle);
                    }
                }

                break;
            default:
                WeighWShaped(lead, touches, weights, options);
                break;
        }
    }

    private static void WeighWShaped(in LeadRecord lead, ReadOnlySpan<TouchpointEvent> touches, Span<decimal> weights, AttributionOptions options)
    {
        var n = touches.Length;
        var key = options.KeyTouchShare;
        var creation = LastAtOrBefore(touches, lead.CreatedTicks);
        var opportunityTicks = OpportunityTicks(lead, options);
        var opportunity = opportunityTicks == LeadRecord.None ? -1 : LastAtOrBefore(touches, opportunityTicks);

        weights[0] += key;
        weights[creation] += key;
        if (opportunity >= 0)
        {
            weights[opportunity] += key;
        }

        var rest = 0;
        for (var i = 0; i < n; i++)
        {
            if (i != 0 && i != creation && i != opportunity)
            {
                rest++;
            }
        }

        if (rest > 0)
        {
            var each = (1m - (3m * key)) / rest;
            for (var i = 0; i < n; i++)
            {
                if (i != 0 && i != creation && i != opportunity)
                {
                    weights[i] = each;
                }
            }
        }
    }

    /// <summary>The index of the last touch at or before <paramref name="ticks"/>, or 0 (the first touch) when every touch is later.</summary>
    private static int LastAtOrBefore(ReadOnlySpan<TouchpointEvent> touches, long ticks)
    {
        var found = 0;
        for (var i = 0; i < touches.Length; i++)
        {
            if (touches[i].At.ToUnixTimeTicks() <= ticks)
            {
                found = i;
            }
            else
            {
                break;
            }
        }

        return found;
    }

    /// <summary>
    /// When the lead became an opportunity: its first visit to the opportunity stage or a later funnel
    /// stage (up to won), else its win; <see cref="LeadRecord.None"/> when it never did.
    /// </summary>
    internal static long OpportunityTicks(in LeadRecord lead, AttributionOptions options)
    {
        var from = options.OpportunityStage.Index;
        var to = options.Pipeline.OpenStageCount;
        foreach (ref readonly var visit in lead.Stages.Span)
        {
            if (visit.Stage >= from && visit.Stage <= to)
            {
                return visit.EnteredAt.ToUnixTimeTicks();
            }
        }

        return lead.Outcome == LeadOutcome.Won ? lead.ClosedTicks : LeadRecord.None;
    }

    private static int Compare(TouchpointEvent a, TouchpointEvent b)
    {
        var c = a.At.CompareTo(b.At);
        if (c != 0)
        {
            return c;
        }

        c = a.Channel.CompareTo(b.Channel);
        if (c != 0)
        {
            return c;
        }

        c = a.Campaign.CompareTo(b.Campaign);
        if (c != 0)
        {
            return c;
        }

        c = ((int)a.Kind).CompareTo((int)b.Kind);
        if (c != 0)
        {
            return c;
        }

        c = ((int)a.Direction).CompareTo((int)b.Direction);
        return c != 0 ? c : a.Actor.CompareTo(b.Actor);
    }
}
