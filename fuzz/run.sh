#!/usr/bin/env bash
# Fuzzes the parsers of untrusted bytes with AFL++ and SharpFuzz (issue 15). Outside CI: it needs afl++
# (apt-get install afl++) and the SharpFuzz instrumentation tool (dotnet tool install --global SharpFuzz.CommandLine).
#
#   fuzz/run.sh [seconds-per-target] [target...]       default: 300 seconds each, every target
#   FUZZ_EXECS=1000000 fuzz/run.sh 0 state             stop a target after that many executions instead
#
# Targets: leads, leads-rows, costs, revenue (the CSV readers through the CLI's report), targets (--targets JSON),
# scoring (the scoring-model JSON reader), state (MergeSerialized of calculator state), parquet (a leads.parquet
# through the report, columnar and row path; Parquet.dll is instrumented too), leads-read and targets-read (the CSV and
# --targets readers alone, no report: far more executions a second), state-labels (MergeSerialized by label into
# an encoding of other labels, state format 4). Findings land in
# fuzz/findings/<target>/default/crashes; copy each crash to fuzz/crashes/<target>/ so that the tests replay it
# (FuzzCorpusTests), fix it, and record the run in fuzz/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-300}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(leads leads-rows costs revenue targets scoring state parquet leads-read targets-read state-labels)
fi

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
sharpfuzz="$(command -v sharpfuzz || echo "$HOME/.dotnet/tools/sharpfuzz")"
[ -x "$sharpfuzz" ] || { echo "sharpfuzz not found: dotnet tool install --global SharpFuzz.CommandLine" >&2; exit 2; }

out="$here/out"
rm -rf "$out"
dotnet publish "$here/LeadMetrics.Fuzz/LeadMetrics.Fuzz.csproj" -c Release -o "$out" --nologo -v quiet
for assembly in LeadMetrics.dll LeadMetrics.Data.dll LeadMetrics.Cli.dll Parquet.dll; do
  "$sharpfuzz" "$out/$assembly"
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1
for target in "${targets[@]}"; do
  limit=()
  [ "$seconds" != "0" ] && limit+=(-V "$seconds")
  [ -n "${FUZZ_EXECS:-}" ] && limit+=(-E "$FUZZ_EXECS")
  rm -rf "$here/findings/$target"; mkdir -p "$here/findings"
  echo "== $target (${limit[*]})"
  afl-fuzz -i "$here/corpus/$target" -o "$here/findings/$target" -t 10000 -m none "${limit[@]}" -- dotnet "$out/LeadMetrics.Fuzz.dll" "$target" > "$here/findings/$target.log" 2>&1 || true
  stats="$here/findings/$target/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    grep -E '^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|run_time) ' "$stats" | tr -s ' ' | paste -sd ' '
  else
    tail -5 "$here/findings/$target.log"
  fi
done
