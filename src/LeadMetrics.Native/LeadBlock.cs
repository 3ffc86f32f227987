using System.Runtime.InteropServices;

namespace LeadMetrics.Native;

/// <summary>
/// One columnar block of leads (and their stage rows) in caller-owned buffers, <c>lm_lead_block</c> of the C ABI
/// (docs/python.md). Every pointer but <see cref="Created"/> may be null (the column is absent). Instants are int64
/// nanoseconds since the Unix epoch (UTC); <see cref="long.MinValue"/> (pandas' NaT) is a missing value. Money is int64
/// in minor units at the currency's scale (cents for USD), <see cref="long.MinValue"/> = missing. Labels are int32 codes
/// into a UTF-8 JSON array of strings (pandas.factorize), -1 = missing; the segment column is the lead attribute of
/// the set's options (<c>by</c>), its labels formatted as the CLI formats attribute values. The buffers are read during the call only.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LeadBlock
{
    public long Count;
    public long RowOffset;
    public long* Created;
    public long* Response;
    public long* Won;
    public long* Lost;
    public long* Value;
    public int* SourceCodes;
    public byte* SourceLabels;
    public int* CampaignCodes;
    public byte* CampaignLabels;
    public int* OwnerCodes;
    public byte* OwnerLabels;
    public long StageCount;
    public long StageRowOffset;
    public int* StageLead;
    public int* StageCodes;
    public byte* StageLabels;
    public long* StageAt;
    public int* SegmentCodes;
    public byte* SegmentLabels;
}
