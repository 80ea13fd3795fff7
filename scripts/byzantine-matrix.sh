#!/usr/bin/env bash
# Issue 12's one-fault-per-round matrix (node/app ByzantineMatrixTest): for each fault, ROUNDS rounds of four honest
# peers and one Byzantine peer carrying only that fault, real nodes on a real Hardhat devnet (started and stopped by
# the test). Prints a table: rounds finalized / run, honest updates included, time from the attacker's commit to the
# honest side's answer (median). Fails if any round did not finalize with exactly the honest updates or left the
# attacker unpenalised. About three minutes a round; not part of scripts/test.sh. The full log is kept in
# node/app/target/byzantine-matrix.log.
#
# Usage: scripts/byzantine-matrix.sh [FAULT[,FAULT...]] [ROUNDS]
#   FAULT: WRONG_SAMPLE_COUNT WRONG_RANK HUGE_TENSORS NAN_TENSORS WITHHOLD SERVE_OTHER UINT64_MAX_SAMPLES
#          EQUIVOCATION WRONG_ATTESTATION SLOW_LORIS ANNOUNCEMENT_FLOOD (default: all)
#   ROUNDS: rounds per fault (default 1)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

case "${1:-}" in -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
FAULTS="${1:-}"
ROUNDS="${2:-1}"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive whole number, got '$ROUNDS'"
[[ -z "$FAULTS" || "$FAULTS" =~ ^[A-Z0-9_]+(,[A-Z0-9_]+)*$ ]] || die "FAULT names are comma-separated, e.g. WITHHOLD,NAN_TENSORS"

LOG="$ROOT/node/app/target/byzantine-matrix.log"
mkdir -p "$(dirname "$LOG")"
step "running the matrix (faults: ${FAULTS:-all}, $ROUNDS round(s) each); log: $LOG"
set +e
"${MVN[@]}" -pl node/app -am test -Dspotless.check.skip=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest=ByzantineMatrixTest -Dbyzantine.matrix=true -Dbyzantine.faults="$FAULTS" -Dbyzantine.rounds="$ROUNDS" \
  >"$LOG" 2>&1
status=$?
set -e
# The table the test printed last, and each failed round.
awk '/^\| fault \|/{table=1} table && /^\|/{print} /^FAILED /{print}' "$LOG"
[ "$status" -eq 0 ] || die "the matrix failed (exit $status); see $LOG"
