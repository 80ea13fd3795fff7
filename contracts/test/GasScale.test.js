import { expect } from "chai";
import {
  ethers,
  time,
  deployRegistry,
  roundParams,
  signUpdate,
  signAttestation,
  setHash,
  MIN_STAKE,
  Status,
  stakedWallets,
} from "./fixture.js";

// Gas of each round transaction at N = 3, 16, 64 and 256 participants (256 is the registry's participant cap).
// Every participant commits and attests the aggregator's proposal over all N, so every loop runs at full length.
// Per-participant transactions (join, commit, attest) and createRound must cost the same at every N: the median
// and the dearest of each N (once per round the first join and the attestation that reaches the quorum write a
// slot more) agree within a few hundred gas. The two transactions that loop over the participants grow linearly:
// propose (the included set) stays under a tenth of a 30M block at 256. Settlement visits every participant twice
// (count, then release and pay: ~29k gas a participant in all), in calls of at most SETTLE_BATCH visits: every
// call stays under a tenth of a block at every N, and the number of calls grows as 2N / SETTLE_BATCH. The figures
// are printed (README quotes them).
const SIZES = [3, 16, 64, 256];
const BLOCK = 30_000_000n;
const TENTH_OF_BLOCK = BLOCK / 10n;
// Warm and cold slots and zero bytes in calldata vary per address and round id: a few hundred gas of noise.
const FLAT_TOLERANCE = 1_000n;
// Settlement's measured cost per participant over all its calls: 28,810 gas at 256 (when a participant's two visits
// fall in different calls its seat is read cold twice; 23,843 in the single-call settlement this replaced). A
// regression past this bound fails the test.
const SETTLE_PER_PARTICIPANT = 30_000n;
const AGG = ethers.id("aggregate");

const gasOf = async (txPromise) => (await (await txPromise).wait()).gasUsed;
const max = (xs) => xs.reduce((a, b) => (a > b ? a : b));
const min = (xs) => xs.reduce((a, b) => (a < b ? a : b));
const median = (xs) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[Math.floor((xs.length - 1) / 2)];

/** `count` fresh funded accounts, each holding and staking enough to join every round of the test. */
const participants = (ctx, count) => stakedWallets(ctx, count, MIN_STAKE * BigInt(SIZES.length + 1));

/** One round with `members`: the gas of each step. Commitments and attestations go through a relayer. */
async function measuredRound(ctx, members) {
  const params = await roundParams(ctx, {
    joinDeadline: BigInt(await time.latest()) + 10_000n,
    commitDeadline: BigInt(await time.latest()) + 20_000n,
    finalizeDeadline: BigInt(await time.latest()) + 30_000n,
    maxParticipants: members.length,
  });
  const create = await gasOf(ctx.registry.connect(ctx.owner).createRound(params));
  const id = await ctx.registry.roundCount();
  const join = [];
  for (const m of members) join.push(await gasOf(ctx.registry.connect(m).join(id)));
  const commit = [];
  for (const m of members) {
    const hash = ethers.id(`update of ${m.address} in ${id}`);
    const signature = await signUpdate(ctx, m, id, hash, 100n);
    commit.push(await gasOf(ctx.registry.connect(ctx.relayer).commit(id, hash, 100n, m.address, signature)));
  }
  await time.increaseTo(params.commitDeadline);
  const included = members.map((m) => m.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const propose = await gasOf(ctx.registry.connect(ctx.aggregator).propose(id, AGG, included));
  const set = setHash(included);
  const attest = [];
  for (const m of members) {
    const signature = await signAttestation(ctx, m, id, AGG, set);
    attest.push(await gasOf(ctx.registry.connect(ctx.relayer).attest(id, AGG, set, m.address, signature)));
  }
  // Everyone attested the winner: settle is allowed before the finalize deadline. One call per batch of visits.
  const settleCalls = [];
  while ((await ctx.registry.getRound(id)).status !== Status.Settled) {
    settleCalls.push(await gasOf(ctx.registry.connect(ctx.relayer).settle(id)));
  }
  const settle = settleCalls.reduce((a, b) => a + b, 0n);
  return { create, join, commit, propose, attest, settle, settleCalls };
}

describe("D2oraRegistry: gas at 3 to 256 participants", function () {
  this.timeout(180_000);
  const results = new Map();
  let ctx;

  before(async function () {
    ctx = await deployRegistry();
    const wallets = await participants(ctx, Math.max(...SIZES));
    // A first round pays the registry's one-time costs (its round counter's first write): not a cost of N.
    await measuredRound(ctx, wallets.slice(0, 3));
    for (const n of SIZES) results.set(n, await measuredRound(ctx, wallets.slice(0, n)));
    const rows = SIZES.map((n) => {
      const r = results.get(n);
      return { N: n, create: r.create, "join (median)": median(r.join), "commit (median)": median(r.commit),
        "commit (max)": r.commit.reduce((a, b) => (a > b ? a : b)), propose: r.propose,
        "attest (median)": median(r.attest), "attest (max)": r.attest.reduce((a, b) => (a > b ? a : b)),
        "settle calls": r.settleCalls.length, "settle (dearest call)": max(r.settleCalls), "settle (all calls)": r.settle };
    });
    console.table(rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)]))));
    const [small, large] = [results.get(3), results.get(256)];
    console.log(`      per participant: propose +${(large.propose - small.propose) / 253n} gas, ` +
      `settle +${(large.settle - small.settle) / 253n} gas`);
  });

  for (const step of ["join", "commit", "attest"]) {
    it(`${step} costs the same at every N (median and dearest, within ${FLAT_TOLERANCE} gas)`, function () {
      for (const pick of [median, max]) {
        const costs = SIZES.map((n) => pick(results.get(n)[step]));
        expect(max(costs) - min(costs), `${step} ${pick.name}: ${costs.join(", ")}`).to.be.at.most(FLAT_TOLERANCE);
      }
    });
  }

  it("createRound costs the same at every N", function () {
    const costs = SIZES.map((n) => results.get(n).create);
    expect(max(costs) - min(costs), costs.join(", ")).to.be.at.most(FLAT_TOLERANCE);
  });

  it("propose grows with the included set and stays under a tenth of a 30M block at 256", function () {
    const costs = SIZES.map((n) => results.get(n).propose);
    for (let i = 1; i < costs.length; i++) expect(costs[i]).to.be.greaterThan(costs[i - 1]);
    expect(results.get(256).propose).to.be.below(TENTH_OF_BLOCK);
  });

  it("settle: every call under a tenth of a block at every N, 2N / SETTLE_BATCH calls, linear in all", async function () {
    const batch = BigInt(await ctx.registry.SETTLE_BATCH());
    for (const n of SIZES) {
      const r = results.get(n);
      expect(max(r.settleCalls), `N = ${n}`).to.be.below(TENTH_OF_BLOCK);
      expect(BigInt(r.settleCalls.length), `calls at N = ${n}`).to.equal((2n * BigInt(n) + batch - 1n) / batch);
    }
    const [small, large] = [results.get(3).settle, results.get(256).settle];
    expect((large - small) / 253n).to.be.at.most(SETTLE_PER_PARTICIPANT);
  });
});
