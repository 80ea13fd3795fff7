import { expect } from "chai";
import {
  ethers,
  time,
  loadFixture,
  deployRegistry,
  createRound,
  stakeAndJoin,
  committedRound,
  attestTo,
  MIN_STAKE,
  UNBONDING,
  pinNextBlockTime,
} from "./fixture.js";
import { libp2pIdentity, proofFor, nodeAccepts } from "./peers.js";

describe("D2oraRegistry: deployment, peers and stake", function () {
  describe("deployment", function () {
    it("rejects a zero token address", async function () {
      const { registry } = await loadFixture(deployRegistry);
      const factory = await ethers.getContractFactory("D2oraRegistry");
      await expect(factory.deploy(ethers.ZeroAddress, UNBONDING)).to.be.revertedWithCustomError(
        registry,
        "ZeroAddress",
      );
    });

    it("exposes its token, delay and EIP-712 domain", async function () {
      const { registry, token } = await loadFixture(deployRegistry);
      expect(await registry.stakeToken()).to.equal(await token.getAddress());
      expect(await registry.unbondingDelay()).to.equal(UNBONDING);
      const domain = await registry.eip712Domain();
      expect([domain.name, domain.version, domain.verifyingContract]).to.deep.equal([
        "D2ORA",
        "1",
        await registry.getAddress(),
      ]);
    });

    it("fits the deployable code size limit", async function () {
      const { registry } = await loadFixture(deployRegistry);
      const code = await ethers.provider.getCode(await registry.getAddress());
      expect((code.length - 2) / 2).to.be.at.most(24_576);
    });

    it("lets only the token owner mint", async function () {
      const { token, alice } = await loadFixture(deployRegistry);
      await expect(token.connect(alice).mint(alice.address, 1n)).to.be.revertedWithCustomError(
        token,
        "OwnableUnauthorizedAccount",
      );
    });
  });

  describe("registerPeer", function () {
    it("stores peer ID, addresses and proof of possession, emits PeerRegistered, and a node accepts it", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      const identity = await libp2pIdentity();
      const proof = await proofFor(registry, identity, alice.address);
      const addrs = ["/ip4/127.0.0.1/tcp/4001", "/ip4/10.0.0.1/tcp/4001"];
      await expect(registry.connect(alice).registerPeer(identity.peerId, addrs, proof))
        .to.emit(registry, "PeerRegistered")
        .withArgs(alice.address, identity.peerId, addrs, proof);
      const [id, stored, storedProof] = await registry.getPeer(alice.address);
      expect([id, stored, storedProof]).to.deep.equal([identity.peerId, addrs, proof]);
      expect(await nodeAccepts(registry, alice.address)).to.equal(true);
    });

    it("binds the signed message to chain, registry and account", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      const chainId = (await ethers.provider.getNetwork()).chainId;
      expect(await registry.peerProofMessage(alice.address)).to.equal(
        ethers.solidityPacked(
          ["string", "uint256", "address", "address"],
          ["D2ORA peer registration v1", chainId, await registry.getAddress(), alice.address],
        ),
      );
    });

    it("replaces the caller's previous record", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      const [first, second] = [await libp2pIdentity(), await libp2pIdentity()];
      await registry
        .connect(alice)
        .registerPeer(first.peerId, ["/ip4/1.1.1.1/tcp/1", "/ip4/2.2.2.2/tcp/2"], await proofFor(registry, first, alice.address));
      const proof = await proofFor(registry, second, alice.address);
      await registry.connect(alice).registerPeer(second.peerId, ["/ip4/3.3.3.3/tcp/3"], proof);
      expect(await registry.getPeer(alice.address)).to.deep.equal([second.peerId, ["/ip4/3.3.3.3/tcp/3"], proof]);
      expect(await nodeAccepts(registry, alice.address)).to.equal(true);
    });

    it("rejects an empty peer ID or proof", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      await expect(registry.connect(alice).registerPeer("0x", [], "0x01")).to.be.revertedWithCustomError(
        registry,
        "EmptyPeerId",
      );
      await expect(registry.connect(alice).registerPeer("0x01", [], "0x")).to.be.revertedWithCustomError(
        registry,
        "EmptyPeerProof",
      );
    });

    it("rejects oversized records", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      const r = registry.connect(alice);
      await expect(r.registerPeer(ethers.hexlify(new Uint8Array(129)), [], "0x01"))
        .to.be.revertedWithCustomError(registry, "PeerIdTooLong")
        .withArgs(129, 128);
      await expect(r.registerPeer("0x01", [], ethers.hexlify(new Uint8Array(1025))))
        .to.be.revertedWithCustomError(registry, "PeerProofTooLong")
        .withArgs(1025, 1024);
      await expect(r.registerPeer("0x01", Array(9).fill("/ip4/1.1.1.1/tcp/1"), "0x01"))
        .to.be.revertedWithCustomError(registry, "TooManyMultiaddrs")
        .withArgs(9, 8);
      await expect(r.registerPeer("0x01", ["/ip4/1.1.1.1/tcp/1", "x".repeat(257)], "0x01"))
        .to.be.revertedWithCustomError(registry, "MultiaddrTooLong")
        .withArgs(1, 257, 256);
    });
  });

  describe("stake, unstake, withdraw", function () {
    it("stakes tokens and emits Staked with the new total", async function () {
      const { registry, token, alice } = await loadFixture(deployRegistry);
      const sent = registry.connect(alice).stake(10n);
      await expect(sent).to.emit(registry, "Staked").withArgs(alice.address, 10n, 10n);
      await expect(sent).to.changeTokenBalances(ethers, token, [alice, registry], [-10n, 10n]);
      await expect(registry.connect(alice).stake(5n)).to.emit(registry, "Staked").withArgs(alice.address, 5n, 15n);
      expect((await registry.getStake(alice.address)).staked).to.equal(15n);
    });

    it("rejects zero amounts", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      await expect(registry.connect(alice).stake(0n)).to.be.revertedWithCustomError(registry, "ZeroAmount");
      await expect(registry.connect(alice).unstake(0n)).to.be.revertedWithCustomError(registry, "ZeroAmount");
    });

    it("rejects a stake that would not fit the 128-bit balance instead of crediting less", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      const amount = 2n ** 128n;
      await expect(registry.connect(alice).stake(amount))
        .to.be.revertedWithCustomError(registry, "SafeCastOverflowedUintDowncast")
        .withArgs(128, amount);
    });

    it("rejects a stake the caller has not approved", async function () {
      const { registry, token, relayer } = await loadFixture(deployRegistry);
      await expect(registry.connect(relayer).stake(1n)).to.be.revertedWithCustomError(
        token,
        "ERC20InsufficientAllowance",
      );
    });

    it("unbonds for the delay, then withdraws", async function () {
      const { registry, token, alice } = await loadFixture(deployRegistry);
      await registry.connect(alice).stake(100n);
      const releaseAt = (await pinNextBlockTime()) + UNBONDING;
      const tx = registry.connect(alice).unstake(40n);
      await expect(tx).to.emit(registry, "UnstakeRequested").withArgs(alice.address, 40n, 40n, releaseAt);
      const info = await registry.getStake(alice.address);
      expect([info.staked, info.reserved, info.unbonding, info.unbondingReleaseAt]).to.deep.equal([
        60n,
        0n,
        40n,
        releaseAt,
      ]);
      const now = await pinNextBlockTime();
      await expect(registry.connect(alice).withdraw())
        .to.be.revertedWithCustomError(registry, "UnbondingNotElapsed")
        .withArgs(releaseAt, now);
      await time.increaseTo(releaseAt);
      const sent = registry.connect(alice).withdraw();
      await expect(sent).to.emit(registry, "Withdrawn").withArgs(alice.address, 40n);
      await expect(sent).to.changeTokenBalances(ethers, token, [alice, registry], [40n, -40n]);
      await expect(registry.connect(alice).withdraw()).to.be.revertedWithCustomError(registry, "NothingToWithdraw");
    });

    it("rejects unstaking more than the free stake", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      await registry.connect(alice).stake(10n);
      await expect(registry.connect(alice).unstake(11n))
        .to.be.revertedWithCustomError(registry, "InsufficientStake")
        .withArgs(11n, 10n);
    });
  });

  describe("reservation", function () {
    it("keeps reserved stake out of unstake while free stake stays movable", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id } = await createRound(ctx);
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE + 7n);
      await ctx.registry.connect(ctx.alice).join(id);
      await expect(ctx.registry.connect(ctx.alice).unstake(8n))
        .to.be.revertedWithCustomError(ctx.registry, "InsufficientStake")
        .withArgs(8n, 7n);
      await expect(ctx.registry.connect(ctx.alice).unstake(7n)).to.emit(ctx.registry, "UnstakeRequested");
      const s = await ctx.registry.getStake(ctx.alice.address);
      expect([s.staked, s.reserved, s.unbonding]).to.deep.equal([MIN_STAKE, MIN_STAKE, 7n]);
    });

    it("lets one stake back concurrent rounds only if it covers all of them", async function () {
      const ctx = await loadFixture(deployRegistry);
      const first = await createRound(ctx);
      const second = await createRound(ctx);
      const third = await createRound(ctx);
      await ctx.registry.connect(ctx.alice).stake(2n * MIN_STAKE);
      await ctx.registry.connect(ctx.alice).join(first.id);
      await ctx.registry.connect(ctx.alice).join(second.id);
      await expect(ctx.registry.connect(ctx.alice).join(third.id))
        .to.be.revertedWithCustomError(ctx.registry, "InsufficientStake")
        .withArgs(MIN_STAKE, 0n);
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE);
      await ctx.registry.connect(ctx.alice).join(third.id);
      expect((await ctx.registry.getStake(ctx.alice.address)).reserved).to.equal(3n * MIN_STAKE);
    });

    it("releases a round's reservation at its settlement, and only that round's", async function () {
      const ctx = await loadFixture(deployRegistry);
      const first = await committedRound(ctx, [ctx.alice]);
      const second = await createRound(ctx);
      await stakeAndJoin(ctx, second.id, [ctx.alice]);
      await time.increaseTo(first.params.finalizeDeadline);
      await ctx.registry.settle(first.id);
      const s = await ctx.registry.getStake(ctx.alice.address);
      expect([s.staked, s.reserved]).to.deep.equal([2n * MIN_STAKE, MIN_STAKE]);
      expect(await ctx.registry.freeStake(ctx.alice.address)).to.equal(MIN_STAKE);
    });

    it("keeps what a round's views report after its participant unstakes and withdraws everything", async function () {
      const ctx = await loadFixture(deployRegistry);
      const round = await committedRound(ctx, [ctx.alice]);
      const aggregate = ethers.id("agg");
      await ctx.registry.connect(ctx.aggregator).propose(round.id, aggregate, [ctx.alice.address]);
      await attestTo(ctx, ctx.alice, round.id, aggregate, [ctx.alice.address]);
      await ctx.registry.settle(round.id);
      const views = () =>
        Promise.all([
          ctx.registry.getRound(round.id),
          ctx.registry.getParticipant(round.id, ctx.alice.address),
          ctx.registry.getProposal(round.id, 1),
          ctx.registry.getUpdateHash(round.id, ctx.alice.address),
        ]).then((all) => all.map((v) => (typeof v === "string" ? v : v.toArray())));
      const before = await views();
      const { staked } = await ctx.registry.getStake(ctx.alice.address);
      await ctx.registry.connect(ctx.alice).unstake(staked);
      await time.increase(UNBONDING);
      await ctx.registry.connect(ctx.alice).withdraw();
      expect(await views()).to.deep.equal(before);
      expect((await ctx.registry.getParticipant(round.id, ctx.alice.address)).reservedStake).to.equal(MIN_STAKE);
    });
  });

  describe("reentrancy through the token", function () {
    async function deployWithReentrantToken() {
      const [owner, alice] = await ethers.getSigners();
      const token = await ethers.deployContract("ReentrantToken");
      const registry = await ethers.deployContract("D2oraRegistry", [await token.getAddress(), 0n]);
      await token.mint(alice.address, 1000n);
      await token.connect(alice).approve(await registry.getAddress(), ethers.MaxUint256);
      return { token, registry, owner, alice };
    }

    it("blocks a token re-entering withdraw during stake", async function () {
      const { token, registry, alice } = await loadFixture(deployWithReentrantToken);
      await token.arm(await registry.getAddress(), registry.interface.encodeFunctionData("withdraw"));
      await expect(registry.connect(alice).stake(10n)).to.be.revertedWithCustomError(
        registry,
        "ReentrancyGuardReentrantCall",
      );
    });

    it("blocks a token re-entering withdraw during withdraw", async function () {
      const { token, registry, alice } = await loadFixture(deployWithReentrantToken);
      await registry.connect(alice).stake(10n);
      await registry.connect(alice).unstake(10n);
      await token.arm(await registry.getAddress(), registry.interface.encodeFunctionData("withdraw"));
      await expect(registry.connect(alice).withdraw()).to.be.revertedWithCustomError(
        registry,
        "ReentrancyGuardReentrantCall",
      );
      expect((await registry.getStake(alice.address)).unbonding).to.equal(10n);
    });

    it("blocks a token re-entering settle during round creation", async function () {
      const { token, registry, alice } = await loadFixture(deployWithReentrantToken);
      const now = BigInt(await time.latest());
      const params = {
        baseModelHash: ethers.ZeroHash,
        configHash: ethers.ZeroHash,
        joinDeadline: now + 10n,
        commitDeadline: now + 100n,
        finalizeDeadline: now + 200n,
        minStake: 1n,
        maxParticipants: 1,
        sampleCap: 10,
        quorumBps: 0,
        rewardPool: 5n,
        aggregator: alice.address,
      };
      await token.arm(await registry.getAddress(), registry.interface.encodeFunctionData("settle", [1n]));
      await expect(registry.connect(alice).createRound(params)).to.be.revertedWithCustomError(
        registry,
        "ReentrancyGuardReentrantCall",
      );
      expect(await registry.roundCount()).to.equal(0n);
    });
  });
});
