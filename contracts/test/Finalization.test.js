import { expect } from "chai";
import {
  ethers,
  time,
  loadFixture,
  deployRegistry,
  createRound,
  stakeAndJoin,
  commitUpdate,
  signUpdate,
  committedRound,
  sortAddresses,
  setHash,
  signAttestation,
  attestTo,
  ATTESTATION_TYPES,
  Status,
  Phase,
  pinNextBlockTime,
} from "./fixture.js";

const AGG = ethers.id("aggregate");
const OTHER = ethers.id("another aggregate");
// An attestation records one new fact per attester, like a commit: same floor, same 15% margin.
const ATTEST_GAS_CEILING = Math.floor((21_000 + 22_100) * 1.15);

/** alice, bob and carol committed 100, 200 and 300 samples; dave joined and stayed silent; at the commit deadline. */
async function finalizing() {
  const ctx = await deployRegistry();
  const round = await committedRound(ctx, [ctx.alice, ctx.bob, ctx.carol], {
    silent: [ctx.dave],
    samples: [100, 200, 300],
  });
  const all = sortAddresses(ctx.alice, ctx.bob, ctx.carol);
  return { ...ctx, round, id: round.id, all };
}

describe("D2oraRegistry: proposals and attestations", function () {
  describe("propose", function () {
    it("records the aggregator's proposal, snapshots the committed count and emits AggregateProposed", async function () {
      const ctx = await loadFixture(finalizing);
      const index = await ctx.registry.connect(ctx.aggregator).propose.staticCall(ctx.id, AGG, ctx.all);
      expect(index).to.equal(1n);
      await expect(ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, ctx.all))
        .to.emit(ctx.registry, "AggregateProposed")
        .withArgs(ctx.id, 1, ctx.aggregator.address, AGG, setHash(ctx.all), ctx.all, 600n);
      const p = await ctx.registry.getProposal(ctx.id, 1);
      expect([p.aggregateHash, p.includedSetHash, p.proposer]).to.deep.equal([
        AGG,
        setHash(ctx.all),
        ctx.aggregator.address,
      ]);
      // alice, bob, carol joined at indexes 0, 1, 2; dave (3) is silent.
      expect([p.attestations, p.quorum, p.quorumBlock, p.includedSamples, p.includedBitmap]).to.deep.equal([
        0n,
        2n,
        0n,
        600n,
        7n,
      ]);
      expect(p.proposedBlock).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      const r = await ctx.registry.getRound(ctx.id);
      expect([r.committedCount, r.proposalCount, r.finalizedProposal, r.status]).to.deep.equal([
        3n,
        1n,
        0n,
        Status.Open,
      ]);
      expect(await ctx.registry.proposalIndexOf(ctx.id, AGG, setHash(ctx.all))).to.equal(1n);
      expect(await ctx.registry.proposalIndexOf(ctx.id, OTHER, setHash(ctx.all))).to.equal(0n);
      expect(await ctx.registry.hashIncludedSet(ctx.all)).to.equal(setHash(ctx.all));
    });

    it("lets each committed participant propose once on its own turn, beside the aggregator", async function () {
      const ctx = await loadFixture(finalizing);
      const partial = sortAddresses(ctx.alice, ctx.bob);
      await expect(ctx.registry.connect(ctx.bob).propose(ctx.id, OTHER, partial))
        .to.emit(ctx.registry, "AggregateProposed")
        .withArgs(ctx.id, 1, ctx.bob.address, OTHER, setHash(partial), partial, 300n);
      expect((await ctx.registry.getParticipant(ctx.id, ctx.bob.address)).proposed).to.equal(true);
      await expect(ctx.registry.connect(ctx.bob).propose(ctx.id, AGG, ctx.all))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadyProposed")
        .withArgs(ctx.id, ctx.bob.address);
      await ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, ctx.all);
      await expect(ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, partial))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadyProposed")
        .withArgs(ctx.id, ctx.aggregator.address);
      expect((await ctx.registry.getRound(ctx.id)).proposalCount).to.equal(2n);
    });

    it("rejects proposers who are neither the aggregator nor a committed participant", async function () {
      const ctx = await loadFixture(finalizing);
      for (const caller of [ctx.outsider, ctx.dave]) {
        await expect(ctx.registry.connect(caller).propose(ctx.id, AGG, ctx.all))
          .to.be.revertedWithCustomError(ctx.registry, "NotProposer")
          .withArgs(ctx.id, caller.address);
      }
    });

    it("rejects a proposal before the commit deadline or from the finalize deadline on", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id, params } = await createRound(ctx);
      const agg = ctx.registry.connect(ctx.aggregator);
      const now = await pinNextBlockTime();
      await expect(agg.propose(id, AGG, []))
        .to.be.revertedWithCustomError(ctx.registry, "CommitPhaseNotOver")
        .withArgs(id, params.commitDeadline, now);
      await time.setNextBlockTimestamp(params.finalizeDeadline);
      await expect(agg.propose(id, AGG, []))
        .to.be.revertedWithCustomError(ctx.registry, "FinalizeClosed")
        .withArgs(id, params.finalizeDeadline, params.finalizeDeadline);
      await expect(agg.propose(5n, AGG, [])).to.be.revertedWithCustomError(ctx.registry, "UnknownRound").withArgs(5n);
    });

    it("moves on before the commit deadline once joining closed and every participant committed", async function () {
      // Who is attacked: every participant, whose stake and time a round holds for its whole commit window even when
      // nothing more can happen in it. Early, but only when no one can still join or commit.
      const ctx = await loadFixture(deployRegistry);
      const { id, params } = await createRound(ctx, { maxParticipants: 3 });
      await stakeAndJoin(ctx, id, [ctx.alice, ctx.bob, ctx.carol]);
      const agg = ctx.registry.connect(ctx.aggregator);
      for (const [i, s] of [ctx.alice, ctx.bob].entries()) {
        await commitUpdate(ctx, s, id, ethers.id(`update ${i}`), 100n);
      }
      await time.increaseTo(params.joinDeadline);
      const all = sortAddresses(ctx.alice, ctx.bob, ctx.carol);
      // carol has not committed: the window stays open for her.
      expect(await ctx.registry.phaseOf(id)).to.equal(Phase.Committing);
      const now = await pinNextBlockTime();
      await expect(agg.propose(id, AGG, sortAddresses(ctx.alice, ctx.bob)))
        .to.be.revertedWithCustomError(ctx.registry, "CommitPhaseNotOver")
        .withArgs(id, params.commitDeadline, now);
      await commitUpdate(ctx, ctx.carol, id, ethers.id("update 2"), 100n);
      expect(await ctx.registry.phaseOf(id)).to.equal(Phase.Finalizing);
      expect(BigInt(await time.latest())).to.be.below(params.commitDeadline);
      await expect(agg.propose(id, AGG, all)).to.emit(ctx.registry, "AggregateProposed");
      await attestTo(ctx, ctx.alice, id, AGG, all);
      await attestTo(ctx, ctx.bob, id, AGG, all);
      await attestTo(ctx, ctx.carol, id, AGG, all);
      await ctx.registry.connect(ctx.outsider).settle(id);
      expect((await ctx.registry.getRound(id)).status).to.equal(Status.Settled);
    });

    it("does not move on early while joining is open, even if everyone who joined so far committed", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id, params } = await createRound(ctx, { maxParticipants: 3 });
      await stakeAndJoin(ctx, id, [ctx.alice]);
      await commitUpdate(ctx, ctx.alice, id, ethers.id("update"), 100n);
      expect(await ctx.registry.phaseOf(id)).to.equal(Phase.Joining);
      const now = await pinNextBlockTime();
      await expect(ctx.registry.connect(ctx.aggregator).propose(id, AGG, [ctx.alice.address]))
        .to.be.revertedWithCustomError(ctx.registry, "CommitPhaseNotOver")
        .withArgs(id, params.commitDeadline, now);
      // bob can still join and commit: the round waits for him.
      await stakeAndJoin(ctx, id, [ctx.bob]);
      await commitUpdate(ctx, ctx.bob, id, ethers.id("update b"), 100n);
    });

    it("rejects an empty included set", async function () {
      const ctx = await loadFixture(finalizing);
      await expect(ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, [])).to.be.revertedWithCustomError(
        ctx.registry,
        "EmptyIncludedSet",
      );
    });

    it("rejects included lists out of order, with duplicates or the zero address", async function () {
      const ctx = await loadFixture(finalizing);
      const agg = ctx.registry.connect(ctx.aggregator);
      const [a, b] = ctx.all;
      for (const [list, position] of [
        [[b, a], 1n],
        [[a, a], 1n],
        [[ethers.ZeroAddress, a], 0n],
      ]) {
        await expect(agg.propose(ctx.id, AGG, list))
          .to.be.revertedWithCustomError(ctx.registry, "IncludedNotAscending")
          .withArgs(position);
      }
    });

    it("rejects including a silent participant, a stranger or a slashed signer", async function () {
      const ctx = await loadFixture(finalizing);
      const agg = ctx.registry.connect(ctx.aggregator);
      for (const account of [ctx.dave, ctx.outsider]) {
        await expect(agg.propose(ctx.id, AGG, [account.address]))
          .to.be.revertedWithCustomError(ctx.registry, "NotIncludable")
          .withArgs(ctx.id, account.address);
      }
      await slashUpdates(ctx, ctx.carol);
      await expect(agg.propose(ctx.id, AGG, [ctx.carol.address]))
        .to.be.revertedWithCustomError(ctx.registry, "NotIncludable")
        .withArgs(ctx.id, ctx.carol.address);
      await expect(ctx.registry.connect(ctx.carol).propose(ctx.id, AGG, [ctx.alice.address]))
        .to.be.revertedWithCustomError(ctx.registry, "SignerSlashed")
        .withArgs(ctx.id, ctx.carol.address);
    });

    it("rejects a proposal identical to an existing one", async function () {
      const ctx = await loadFixture(finalizing);
      await ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, ctx.all);
      await expect(ctx.registry.connect(ctx.alice).propose(ctx.id, AGG, ctx.all))
        .to.be.revertedWithCustomError(ctx.registry, "ProposalExists")
        .withArgs(ctx.id, 1);
    });

    it("leaves participants slashed before the first proposal out of the quorum's denominator", async function () {
      const ctx = await loadFixture(finalizing);
      await slashUpdates(ctx, ctx.carol);
      const included = sortAddresses(ctx.alice, ctx.bob);
      await ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, included);
      expect((await ctx.registry.getRound(ctx.id)).committedCount).to.equal(2n);
      expect((await ctx.registry.getProposal(ctx.id, 1)).quorum).to.equal(2n);
    });

    it("rejects proposals once a proposal has won", async function () {
      const ctx = await loadFixture(finalizing);
      await ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, ctx.all);
      await attestTo(ctx, ctx.alice, ctx.id, AGG, ctx.all);
      await attestTo(ctx, ctx.bob, ctx.id, AGG, ctx.all);
      await expect(ctx.registry.connect(ctx.carol).propose(ctx.id, OTHER, ctx.all))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadyFinalized")
        .withArgs(ctx.id);
    });

    it("rejects reading a proposal index that does not exist", async function () {
      const ctx = await loadFixture(finalizing);
      await ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, ctx.all);
      for (const index of [0, 2]) {
        await expect(ctx.registry.getProposal(ctx.id, index))
          .to.be.revertedWithCustomError(ctx.registry, "ProposalIndexOutOfRange")
          .withArgs(ctx.id, index, 1);
      }
    });
  });

  describe("attest", function () {
    async function proposed() {
      const ctx = await finalizing();
      await ctx.registry.connect(ctx.aggregator).propose(ctx.id, AGG, ctx.all);
      return ctx;
    }

    it("records a relayed attestation below the quorum within 15% of the gas floor", async function () {
      const ctx = await loadFixture(proposed);
      const tx = attestTo(ctx, ctx.alice, ctx.id, AGG, ctx.all, ctx.relayer);
      await expect(tx).to.emit(ctx.registry, "Attested").withArgs(ctx.id, ctx.alice.address, 1, 1);
      await expect(tx).not.to.emit(ctx.registry, "RoundFinalized");
      const receipt = await (await tx).wait();
      console.log(`      attest gas: ${receipt.gasUsed} (ceiling ${ATTEST_GAS_CEILING}, floor 43100)`);
      expect(Number(receipt.gasUsed)).to.be.at.most(ATTEST_GAS_CEILING);
      const p = await ctx.registry.getParticipant(ctx.id, ctx.alice.address);
      expect([p.attestedProposal, p.attestBlock]).to.deep.equal([1n, receipt.blockNumber]);
      expect((await ctx.registry.getProposal(ctx.id, 1)).attestations).to.equal(1n);
      expect(await ctx.registry.phaseOf(ctx.id)).to.equal(Phase.Finalizing);
    });

    it("finalizes the round at the quorum (2 of 3), also within 15% of the gas floor", async function () {
      const ctx = await loadFixture(proposed);
      await attestTo(ctx, ctx.alice, ctx.id, AGG, ctx.all);
      const tx = attestTo(ctx, ctx.bob, ctx.id, AGG, ctx.all, ctx.relayer);
      await expect(tx).to.emit(ctx.registry, "RoundFinalized").withArgs(ctx.id, 1, AGG, 2);
      const receipt = await (await tx).wait();
      console.log(`      attest gas at quorum: ${receipt.gasUsed} (ceiling ${ATTEST_GAS_CEILING})`);
      expect(Number(receipt.gasUsed)).to.be.at.most(ATTEST_GAS_CEILING);
      const r = await ctx.registry.getRound(ctx.id);
      expect([r.status, r.finalizedProposal, r.aggregateHash, r.finalizedBlock]).to.deep.equal([
        Status.Finalized,
        1n,
        AGG,
        BigInt(receipt.blockNumber),
      ]);
      expect((await ctx.registry.getProposal(ctx.id, 1)).quorumBlock).to.equal(BigInt(receipt.blockNumber));
      expect(await ctx.registry.phaseOf(ctx.id)).to.equal(Phase.Finalized);
      // The last participant's attestation of the winner still counts (for its reward), without re-finalizing.
      const late = attestTo(ctx, ctx.carol, ctx.id, AGG, ctx.all);
      await expect(late).to.emit(ctx.registry, "Attested").withArgs(ctx.id, ctx.carol.address, 1, 3);
      await expect(late).not.to.emit(ctx.registry, "RoundFinalized");
    });

    it("lets the first proposal to reach the quorum win, whatever was proposed first", async function () {
      const ctx = await loadFixture(proposed);
      const honest = sortAddresses(ctx.alice, ctx.bob, ctx.carol);
      await ctx.registry.connect(ctx.carol).propose(ctx.id, OTHER, honest);
      await attestTo(ctx, ctx.alice, ctx.id, AGG, ctx.all);
      await attestTo(ctx, ctx.bob, ctx.id, OTHER, honest);
      await expect(attestTo(ctx, ctx.carol, ctx.id, OTHER, honest))
        .to.emit(ctx.registry, "RoundFinalized")
        .withArgs(ctx.id, 2, OTHER, 2);
      const r = await ctx.registry.getRound(ctx.id);
      expect([r.finalizedProposal, r.aggregateHash]).to.deep.equal([2n, OTHER]);
    });

    it("needs every committed participant when the quorum is 100%", async function () {
      const ctx = await loadFixture(deployRegistry);
      const round = await committedRound(ctx, [ctx.alice, ctx.bob, ctx.carol], { quorumBps: 10_000 });
      const all = sortAddresses(ctx.alice, ctx.bob, ctx.carol);
      await ctx.registry.connect(ctx.aggregator).propose(round.id, AGG, all);
      expect((await ctx.registry.getProposal(round.id, 1)).quorum).to.equal(3n);
      await attestTo(ctx, ctx.alice, round.id, AGG, all);
      await expect(attestTo(ctx, ctx.bob, round.id, AGG, all)).not.to.emit(ctx.registry, "RoundFinalized");
      await expect(attestTo(ctx, ctx.carol, round.id, AGG, all)).to.emit(ctx.registry, "RoundFinalized");
    });

    it("agrees with clients on the attestation digest", async function () {
      const ctx = await loadFixture(proposed);
      const domain = {
        name: "D2ORA",
        version: "1",
        chainId: (await ethers.provider.getNetwork()).chainId,
        verifyingContract: await ctx.registry.getAddress(),
      };
      const value = { roundId: ctx.id, aggregateHash: AGG, includedSetHash: setHash(ctx.all) };
      expect(await ctx.registry.attestationDigest(ctx.id, AGG, setHash(ctx.all))).to.equal(
        ethers.TypedDataEncoder.hash(domain, ATTESTATION_TYPES, value),
      );
      expect(await ctx.registry.ATTESTATION_TYPEHASH()).to.equal(
        ethers.id("Attestation(uint256 roundId,bytes32 aggregateHash,bytes32 includedSetHash)"),
      );
      // The included-set hash is the EIP-712 encoding of an address[] as well.
      const encoder = ethers.TypedDataEncoder.from({ S: [{ name: "included", type: "address[]" }] });
      expect(encoder.encodeData("address[]", ctx.all)).to.equal(setHash(ctx.all));
    });

    it("rejects attesters who never committed", async function () {
      const ctx = await loadFixture(proposed);
      for (const account of [ctx.dave, ctx.outsider]) {
        await expect(attestTo(ctx, account, ctx.id, AGG, ctx.all))
          .to.be.revertedWithCustomError(ctx.registry, "NotCommitted")
          .withArgs(ctx.id, account.address);
      }
    });

    it("rejects a second attestation, for the same or another proposal", async function () {
      const ctx = await loadFixture(proposed);
      const partial = sortAddresses(ctx.alice, ctx.carol);
      await ctx.registry.connect(ctx.carol).propose(ctx.id, OTHER, partial);
      await attestTo(ctx, ctx.alice, ctx.id, AGG, ctx.all);
      for (const [aggregate, included] of [
        [AGG, ctx.all],
        [OTHER, partial],
      ]) {
        await expect(attestTo(ctx, ctx.alice, ctx.id, aggregate, included))
          .to.be.revertedWithCustomError(ctx.registry, "AlreadyAttested")
          .withArgs(ctx.id, ctx.alice.address, 1);
      }
    });

    it("rejects an attestation of something nobody proposed", async function () {
      const ctx = await loadFixture(proposed);
      const partial = sortAddresses(ctx.alice, ctx.bob);
      await expect(attestTo(ctx, ctx.alice, ctx.id, AGG, partial))
        .to.be.revertedWithCustomError(ctx.registry, "UnknownProposal")
        .withArgs(ctx.id, AGG, setHash(partial));
    });

    it("rejects an attestation from the finalize deadline on", async function () {
      const ctx = await loadFixture(proposed);
      const deadline = ctx.round.params.finalizeDeadline;
      const signature = await signAttestation(ctx, ctx.alice, ctx.id, AGG, setHash(ctx.all));
      await time.setNextBlockTimestamp(deadline);
      await expect(ctx.registry.attest(ctx.id, AGG, setHash(ctx.all), ctx.alice.address, signature))
        .to.be.revertedWithCustomError(ctx.registry, "FinalizeClosed")
        .withArgs(ctx.id, deadline, deadline);
    });

    it("rejects a slashed attester", async function () {
      const ctx = await loadFixture(proposed);
      await slashUpdates(ctx, ctx.alice);
      await expect(attestTo(ctx, ctx.alice, ctx.id, AGG, ctx.all))
        .to.be.revertedWithCustomError(ctx.registry, "SignerSlashed")
        .withArgs(ctx.id, ctx.alice.address);
    });

    it("rejects forged, foreign and replayed attestation signatures", async function () {
      const ctx = await loadFixture(proposed);
      const set = setHash(ctx.all);
      const byBob = await signAttestation(ctx, ctx.bob, ctx.id, AGG, set);
      await expect(ctx.registry.attest(ctx.id, AGG, set, ctx.alice.address, byBob))
        .to.be.revertedWithCustomError(ctx.registry, "InvalidSignature")
        .withArgs(ctx.alice.address, ctx.bob.address);
      const replays = [
        await signAttestation(ctx, ctx.alice, ctx.id + 1n, AGG, set),
        await signAttestation(ctx, ctx.alice, ctx.id, AGG, set, { chainId: 1n }),
        await signAttestation(ctx, ctx.alice, ctx.id, AGG, set, { verifyingContract: await ctx.token.getAddress() }),
        await signUpdate(ctx, ctx.alice, ctx.id, AGG, 1n),
        "0x1234",
      ];
      for (const signature of replays) {
        await expect(
          ctx.registry.attest(ctx.id, AGG, set, ctx.alice.address, signature),
        ).to.be.revertedWithCustomError(ctx.registry, "InvalidSignature");
      }
    });
  });
});

/** Slashes `offender` for two signed updates in the fixture's round, reported by the outsider. */
async function slashUpdates(ctx, offender) {
  const [h1, h2] = [ethers.id("one"), ethers.id("two")];
  const a = await signUpdate(ctx, offender, ctx.id, h1, 1n);
  const b = await signUpdate(ctx, offender, ctx.id, h2, 1n);
  await ctx.registry.connect(ctx.outsider).slashUpdateEquivocation(ctx.id, offender.address, [h1, h2], [1n, 1n], a, b);
}

