// Property test: random sequences of every registry action by several accounts over several rounds, with the
// registry's money invariants checked after each step. Each step reads a snapshot of the chain and picks its target
// among the plausible ones (a round in the right phase, a participant in the right state) most of the time, and at
// random otherwise, so that runs reach quorums and settlements and still hit revert paths. A failing run prints
// fast-check's seed and shrunk path; rerun it with FC_SEED=<seed> FC_PATH=<path>. FC_RUNS=<n> sets the number of
// runs (20); FC_STATS=1 prints how often each action ran, reverted (by error) and which events it emitted.
import { expect } from "chai";
import fc from "fast-check";
import {
  ethers,
  time,
  loadFixture,
  deployRegistry,
  roundParams,
  signUpdate,
  signAttestation,
  setHash,
  BURN,
  Status,
  Seat,
} from "./fixture.js";

const TOKEN = 10n ** 18n;
const RUNS = Number(process.env.FC_RUNS ?? 20);
const AGGREGATES = [ethers.id("aggregate A"), ethers.id("aggregate B")];
const STATS = new Map();
const count = (key) => STATS.set(key, (STATS.get(key) ?? 0) + 1);

/** Four actors staked 200 tokens each, and a first round (more are created by the steps). */
async function world() {
  const ctx = await deployRegistry();
  const actors = [ctx.alice, ctx.bob, ctx.carol, ctx.dave];
  for (const s of actors) await ctx.registry.connect(s).stake(200n * TOKEN);
  await ctx.registry.connect(ctx.owner).createRound(await roundParams(ctx, { minStake: 50n * TOKEN }));
  const minted = await ctx.token.totalSupply();
  const accounts = [...actors, ctx.owner, ctx.aggregator, ctx.outsider];
  return { ...ctx, actors, minted, accounts, holders: [...accounts, ctx.relayer, ctx.erin, ctx.frank] };
}

const pick = fc.nat(1_000);
const raw = fc.boolean({ fractionTrue: 0.2 });
const weighted = (weight, kind, fields = {}) => ({
  weight,
  arbitrary: fc.record({ kind: fc.constant(kind), pick, raw, ...fields }),
});
const action = fc.oneof(
  weighted(4, "stake", { amount: fc.integer({ min: 1, max: 300 }) }),
  weighted(2, "unstake", { part: fc.integer({ min: 1, max: 4 }) }),
  weighted(2, "unstakeReserved", { extra: fc.integer({ min: 1, max: 100 }) }),
  weighted(2, "withdraw"),
  weighted(2, "create", {
    pool: fc.integer({ min: 0, max: 50 }),
    minStake: fc.integer({ min: 1, max: 150 }),
    quorumBps: fc.constantFrom(0, 5_001, 7_500, 10_000),
  }),
  weighted(8, "join"),
  weighted(8, "commit", { samples: fc.integer({ min: 1, max: 1_000 }) }),
  weighted(6, "propose", { agg: fc.nat(1), mask: fc.nat(15), byAggregator: fc.boolean() }),
  weighted(10, "attest"),
  weighted(4, "settle"),
  weighted(2, "forfeit"),
  weighted(1, "slashUpdate", { reporter: fc.nat(4) }),
  weighted(1, "slashAttestation", { reporter: fc.nat(4) }),
  weighted(2, "nextDeadline"),
  weighted(1, "wait", { seconds: fc.constantFrom(30, 3_600, 90_000) }),
  weighted(40, "progress", { samples: fc.integer({ min: 1, max: 1_000 }), mask: fc.nat(15), agg: fc.nat(1) }),
);

describe("D2oraRegistry: invariants under random action sequences (fast-check)", function () {
  this.timeout(150_000);
  after(() => process.env.FC_STATS && console.log(Object.fromEntries([...STATS].sort())));

  it("never owes more or less than it holds, never frees reserved stake, never pays twice or beyond the pool", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 30, maxLength: 80, size: "max" }), async (actions) => {
        const w = await loadFixture(world);
        const ledger = { paid: new Set(), closed: new Map() };
        let view = await checkInvariants(w, ledger);
        for (const a of actions) {
          await step(w, view, ledger, a);
          view = await checkInvariants(w, ledger);
        }
      }),
      {
        numRuns: RUNS,
        // Shrinking a long failing sequence can take minutes: report the smallest found by then.
        interruptAfterTimeLimit: 100_000,
        seed: process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED),
        path: process.env.FC_PATH,
      },
    );
  });
});

/** Runs one action; a revert must be one of the registry's (or the token's) custom errors, never a panic. */
async function step(w, view, ledger, a) {
  const run = actionRun(w, view, a);
  if (run === null) return;
  let receipt;
  try {
    receipt = await run();
  } catch (e) {
    count(`${a.kind} reverted ${expectCustomError(w, e, a)}`);
    return;
  }
  count(a.kind);
  checkEvents(w, ledger, receipt);
}

const mined = async (tx) => (await tx).wait();
const NO_LOGS = { logs: [] };
const choose = (list, n) => (list.length === 0 ? undefined : list[n % list.length]);
const ascending = (addresses) => [...addresses].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));

/** Plausible targets for `a` in the snapshot, or every target when `a.raw`. */
function targets(view, a, phases, accepts) {
  const all = [];
  for (const round of view.rounds) {
    for (const p of round.participants) {
      if (a.raw || (phases.includes(round.phase) && accepts(p, round))) all.push({ round, p });
    }
  }
  return all;
}

/** The action as a function that returns its receipt (NO_LOGS for a check or a clock move), or null. */
function actionRun(w, view, a) {
  const r = w.registry;
  const actor = w.actors[a.pick % 4];
  const round = choose(view.rounds, a.pick);
  switch (a.kind) {
    case "progress":
      return progress(w, view, a);
    case "stake":
      return () => mined(r.connect(actor).stake(BigInt(a.amount) * TOKEN));
    case "unstake":
      return async () => mined(r.connect(actor).unstake(((await r.freeStake(actor.address)) * BigInt(a.part)) / 4n));
    case "unstakeReserved":
      // The adversarial step: any amount beyond the free stake must revert, however much is reserved.
      return async () => {
        const amount = (await r.freeStake(actor.address)) + BigInt(a.extra);
        await expect(r.connect(actor).unstake(amount)).to.be.revertedWithCustomError(r, "InsufficientStake");
        return NO_LOGS;
      };
    case "withdraw":
      return async () => {
        const owed = (await r.getStake(actor.address)).unbonding;
        const before = await w.token.balanceOf(actor.address);
        const receipt = await mined(r.connect(actor).withdraw());
        expect((await w.token.balanceOf(actor.address)) - before, "withdraw pays exactly the unbonding").to.equal(owed);
        return receipt;
      };
    case "create":
      return async () => {
        const overrides = { rewardPool: BigInt(a.pool) * TOKEN, minStake: BigInt(a.minStake) * TOKEN };
        return mined(r.connect(w.owner).createRound(await roundParams(w, { ...overrides, quorumBps: a.quorumBps })));
      };
    case "join": {
      const open = view.rounds.filter((x) => a.raw || x.phase === "joining");
      const target = choose(open, a.pick);
      return target ? () => mined(r.connect(actor).join(target.id)) : null;
    }
    case "commit": {
      const t = choose(targets(view, a, ["joining", "committing"], (p) => p.status === Seat.Joined), a.pick);
      if (!t) return null;
      return async () => {
        const hash = ethers.id(`update ${t.round.id} ${t.p.address}`);
        const samples = BigInt(a.samples);
        const signature = await signUpdate(w, t.p.signer, t.round.id, hash, samples);
        return mined(r.connect(w.relayer).commit(t.round.id, hash, samples, t.p.address, signature));
      };
    }
    case "propose": {
      const t = choose(targets(view, a, ["finalizing"], (p) => p.committed && !p.proposed), a.pick);
      if (!t) return null;
      // Mostly sets a proposal may hold (committed, unslashed); the raw mask when that leaves nobody.
      const picked = t.round.participants.filter((_, i) => (a.mask >> i) & 1);
      const includable = picked.filter((p) => p.committed);
      const included = ascending((includable.length > 0 ? includable : picked).map((p) => p.address));
      const proposer = a.byAggregator ? w.aggregator : t.p.signer;
      return () => mined(r.connect(proposer).propose(t.round.id, AGGREGATES[a.agg], included));
    }
    case "attest": {
      const t = choose(
        targets(view, a, ["finalizing", "finalized"], (p, x) => p.committed && !p.attested && x.proposals.length > 0),
        a.pick,
      );
      const proposal = t && choose(t.round.proposals, a.pick >> 2);
      if (!proposal) return null;
      return async () => {
        const { aggregateHash, includedSetHash } = proposal;
        const signature = await signAttestation(w, t.p.signer, t.round.id, aggregateHash, includedSetHash);
        return mined(r.connect(w.relayer).attest(t.round.id, aggregateHash, includedSetHash, t.p.address, signature));
      };
    }
    case "settle": {
      const due = view.rounds.filter((x) => a.raw || x.phase === "expired" || x.phase === "finalized");
      const target = choose(due, a.pick);
      return target ? () => mined(r.connect(w.outsider).settle(target.id)) : null;
    }
    case "forfeit": {
      const t = choose(targets(view, a, ["finalizing", "finalized", "expired"], (p) => p.status === Seat.Joined), a.pick);
      return t ? () => mined(r.connect(w.outsider).forfeit(t.round.id, t.p.address)) : null;
    }
    case "slashUpdate":
    case "slashAttestation": {
      const t = choose(targets(view, a, ["joining", "committing", "finalizing", "finalized", "expired", "closed"], () => true), a.pick);
      if (!t) return null;
      // Reporter 4 is the outsider; 0-3 are the actors, so an offender sometimes tries to report itself.
      const reporter = a.reporter === 4 ? w.outsider : w.actors[a.reporter];
      return async () => mined(slash(w, a.kind, t.round.id, t.p.signer, reporter));
    }
    case "nextDeadline":
      // Moves the clock to the chosen round's next deadline (join, commit, then finalize), if one is ahead.
      return round
        ? async () => {
            const next = round.deadlines.find((d) => d > view.now);
            if (next !== undefined) await time.increaseTo(next);
            return NO_LOGS;
          }
        : null;
    case "wait":
      return async () => {
        await time.increase(a.seconds);
        return NO_LOGS;
      };
    default:
      throw new Error(`unknown action ${a.kind}`);
  }
}

/**
 * The natural next step of an open round (newer rounds more often): join, commit, propose, attest, settle, or let
 * time pass to its next deadline when its participants have nothing left to do in this phase.
 */
function progress(w, view, a) {
  const open = view.rounds.filter((x) => x.phase !== "closed");
  const round = open[open.length - 1 - (a.pick % 3 === 0 ? a.pick % open.length : 0)];
  if (round === undefined) return null;
  const as = (kind, extra = {}) => actionRun(w, { ...view, rounds: [round] }, { ...a, kind, raw: false, ...extra });
  const joined = new Set(round.participants.map((p) => p.address));
  const outside = w.actors.filter((s) => !joined.has(s.address));
  const silent = round.participants.filter((p) => p.status === Seat.Joined);
  const committed = round.participants.filter((p) => p.committed);
  const unattested = committed.filter((p) => !p.attested);
  const later = as("nextDeadline");
  switch (round.phase) {
    case "joining":
      if (outside.length > 0 && a.pick % 4 !== 0) {
        const actor = choose(outside, a.pick >> 2);
        return () => mined(w.registry.connect(actor).join(round.id));
      }
      return silent.length > 0 ? as("commit") : later;
    case "committing":
      return silent.length > 0 && a.pick % 5 !== 0 ? as("commit") : later;
    case "finalizing": {
      const canPropose = committed.some((p) => !p.proposed);
      if (canPropose && (round.proposals.length === 0 || a.pick % 5 === 0)) {
        return as("propose", { mask: a.mask | (a.pick % 2 === 0 ? 15 : 0), byAggregator: a.pick % 3 === 0 });
      }
      return unattested.length > 0 && round.proposals.length > 0 ? as("attest", { pick: a.pick & ~3 }) : later;
    }
    case "finalized":
      return unattested.length > 0 && a.pick % 2 === 0 ? as("attest") : as("settle");
    default:
      return as("settle");
  }
}

async function slash(w, kind, id, offender, reporter) {
  const r = w.registry.connect(reporter);
  if (kind === "slashUpdate") {
    const [h1, h2] = [ethers.id(`x ${id}`), ethers.id(`y ${id}`)];
    const sigs = [await signUpdate(w, offender, id, h1, 1n), await signUpdate(w, offender, id, h2, 1n)];
    return r.slashUpdateEquivocation(id, offender.address, [h1, h2], [1n, 1n], ...sigs);
  }
  const sets = [setHash([offender.address]), setHash([w.alice.address])];
  const sigs = [
    await signAttestation(w, offender, id, AGGREGATES[0], sets[0]),
    await signAttestation(w, offender, id, AGGREGATES[1], sets[1]),
  ];
  return r.slashAttestationEquivocation(id, offender.address, AGGREGATES, sets, ...sigs);
}

function expectCustomError(w, e, a) {
  const data = e.data ?? e.error?.data ?? e.info?.error?.data;
  const decoded = data && (w.registry.interface.parseError(data) ?? w.token.interface.parseError(data));
  // ethers decodes the built-in Panic(uint256) and Error(string) too: an overflow or assert is a bug, not a rule.
  if (!decoded || decoded.name === "Panic" || decoded.name === "Error") {
    throw new Error(`${a.kind} reverted without a custom error: ${e.message}`);
  }
  return decoded.name;
}

/** Rewards at most once per (round, participant), each round closed once, and its payouts equal to its funds. */
function checkEvents(w, ledger, receipt) {
  const rewards = new Map();
  for (const log of receipt.logs) {
    const e = log.address === w.registry.target ? w.registry.interface.parseLog(log) : null;
    if (!e) continue;
    count(`event ${e.name}`);
    if (e.name === "RewardPaid") {
      const key = `${e.args.roundId}/${e.args.participant}`;
      expect(ledger.paid.has(key), `paid twice: ${key}`).to.equal(false);
      ledger.paid.add(key);
      rewards.set(e.args.roundId, (rewards.get(e.args.roundId) ?? 0n) + e.args.amount);
    }
    if (e.name === "RoundSettled" || e.name === "RoundRefunded") {
      expect(ledger.closed.has(e.args.roundId), `closed twice: ${e.args.roundId}`).to.equal(false);
      const distributed = e.name === "RoundSettled" ? e.args.distributed : 0n;
      expect(rewards.get(e.args.roundId) ?? 0n, "rewards paid = distributed").to.equal(distributed);
      ledger.closed.set(e.args.roundId, { out: distributed + e.args.refunded + e.args.burned, checked: false });
    }
  }
}

/** Checks the invariants and returns the snapshot the next step picks its targets from. */
async function checkInvariants(w, ledger) {
  const r = w.registry;
  const now = BigInt(await time.latest());
  let owed = 0n;
  const reservedBy = new Map(w.accounts.map((s) => [s.address, 0n]));
  const rounds = [];
  const ids = Array.from({ length: Number(await r.roundCount()) }, (_, i) => BigInt(i + 1));
  for (const [id, round, addresses] of await Promise.all(
    ids.map(async (id) => [id, await r.getRound(id), await r.getParticipants(id)]),
  )) {
    const funds = round.rewardPool + round.forfeitPool;
    const closed = round.status === Status.Settled || round.status === Status.Refunded;
    const settlement = ledger.closed.get(id);
    expect(closed, `round ${id} closed iff a settlement event was seen`).to.equal(settlement !== undefined);
    if (closed) {
      // Everything a settlement paid, refunded or burned is exactly the round's pool plus its forfeits.
      if (!settlement.checked) expect(settlement.out, `round ${id} payouts`).to.equal(funds);
      settlement.checked = true;
    } else {
      owed += funds;
    }
    const seats = await Promise.all(addresses.map((address) => r.getParticipant(id, address)));
    const participants = seats.map((p, i) => {
      if (!p.released) reservedBy.set(addresses[i], reservedBy.get(addresses[i]) + p.reservedStake);
      return {
        address: addresses[i],
        signer: w.actors.find((s) => s.address === addresses[i]),
        status: p.status,
        committed: p.status === Seat.Committed && !p.slashed,
        proposed: p.proposed,
        attested: p.attestedProposal !== 0n,
      };
    });
    const indexes = Array.from({ length: Number(round.proposalCount) }, (_, i) => i + 1);
    const proposals = await Promise.all(indexes.map((i) => r.getProposal(id, i)));
    const deadlines = [round.joinDeadline, round.commitDeadline, round.finalizeDeadline];
    rounds.push({ id, participants, proposals, deadlines, phase: phaseName(round, now) });
  }
  const stakes = await Promise.all(w.accounts.map((s) => r.getStake(s.address)));
  for (const [i, s] of w.accounts.entries()) {
    const stake = stakes[i];
    expect(stake.reserved, `reserved of ${s.address} = its unreleased reservations`).to.equal(reservedBy.get(s.address));
    expect(stake.reserved <= stake.staked, `reserved within staked of ${s.address}`).to.equal(true);
    owed += stake.staked + stake.unbonding;
  }
  expect(await w.token.balanceOf(r.target), "registry balance = free + reserved + unbonding + pools").to.equal(owed);
  const outside = await Promise.all([...w.holders, { address: BURN }].map((s) => w.token.balanceOf(s.address)));
  expect(outside.reduce((x, y) => x + y, 0n) + owed, "no token created or lost").to.equal(w.minted);
  return { now, rounds };
}

function phaseName(round, now) {
  if (round.status === Status.Settled || round.status === Status.Refunded) return "closed";
  if (round.status === Status.Finalized) return "finalized";
  if (now < round.joinDeadline) return "joining";
  if (now < round.commitDeadline) return "committing";
  if (now < round.finalizeDeadline) return "finalizing";
  return "expired";
}
