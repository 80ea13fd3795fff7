import { expect } from "chai";
import {
  ethers,
  time,
  loadFixture,
  deployRegistry,
  createRound,
  stakeAndJoin,
  MIN_STAKE,
  UNBONDING,
} from "./fixture.js";

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
      expect(domain.name).to.equal("D2ORA");
      expect(domain.version).to.equal("1");
      expect(domain.verifyingContract).to.equal(await registry.getAddress());
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
    const peerId = "0x0024080112201234";

    it("binds a peer ID and addresses to the caller and emits PeerRegistered", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      const addrs = ["/ip4/127.0.0.1/tcp/4001", "/ip4/10.0.0.1/tcp/4001"];
      await expect(registry.connect(alice).registerPeer(peerId, addrs))
        .to.emit(registry, "PeerRegistered")
        .withArgs(alice.address, peerId, addrs);
      const [id, stored] = await registry.getPeer(alice.address);
      expect(id).to.equal(peerId);
      expect(stored).to.deep.equal(addrs);
      expect(await registry.peerOwner(peerId)).to.equal(alice.address);
    });

    it("replaces the caller's previous registration and frees the old peer ID", async function () {
      const { registry, alice, bob } = await loadFixture(deployRegistry);
      await registry.connect(alice).registerPeer(peerId, ["/ip4/1.1.1.1/tcp/1", "/ip4/2.2.2.2/tcp/2"]);
      await registry.connect(alice).registerPeer("0xabcd", ["/ip4/3.3.3.3/tcp/3"]);
      const [id, addrs] = await registry.getPeer(alice.address);
      expect(id).to.equal("0xabcd");
      expect(addrs).to.deep.equal(["/ip4/3.3.3.3/tcp/3"]);
      expect(await registry.peerOwner(peerId)).to.equal(ethers.ZeroAddress);
      await registry.connect(bob).registerPeer(peerId, []);
      expect(await registry.peerOwner(peerId)).to.equal(bob.address);
    });

    it("rejects an empty peer ID", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      await expect(registry.connect(alice).registerPeer("0x", [])).to.be.revertedWithCustomError(
        registry,
        "EmptyPeerId",
      );
    });

    it("rejects a peer ID owned by another account", async function () {
      const { registry, alice, bob } = await loadFixture(deployRegistry);
      await registry.connect(alice).registerPeer(peerId, []);
      await expect(registry.connect(bob).registerPeer(peerId, []))
        .to.be.revertedWithCustomError(registry, "PeerIdTaken")
        .withArgs(alice.address);
    });
  });

  describe("stake, unstake, withdraw", function () {
    it("stakes tokens and emits Staked with the new total", async function () {
      const { registry, token, alice } = await loadFixture(deployRegistry);
      const sent = registry.connect(alice).stake(10n);
      await expect(sent)
        .to.emit(registry, "Staked")
        .withArgs(alice.address, 10n, 10n);
      await expect(sent).to.changeTokenBalances(ethers, token, [alice, registry], [-10n, 10n]);
      await expect(registry.connect(alice).stake(5n)).to.emit(registry, "Staked").withArgs(alice.address, 5n, 15n);
      expect((await registry.getStake(alice.address)).staked).to.equal(15n);
    });

    it("rejects zero amounts", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      await expect(registry.connect(alice).stake(0n)).to.be.revertedWithCustomError(registry, "ZeroAmount");
      await expect(registry.connect(alice).unstake(0n)).to.be.revertedWithCustomError(registry, "ZeroAmount");
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
      const tx = registry.connect(alice).unstake(40n);
      const releaseAt = BigInt(await time.latest()) + 1n + UNBONDING;
      await expect(tx).to.emit(registry, "UnstakeRequested").withArgs(alice.address, 40n, 40n, releaseAt);
      const info = await registry.getStake(alice.address);
      expect([info.staked, info.unbonding, info.unbondingReleaseAt]).to.deep.equal([60n, 40n, releaseAt]);
      await expect(registry.connect(alice).withdraw())
        .to.be.revertedWithCustomError(registry, "UnbondingNotElapsed")
        .withArgs(releaseAt, releaseAt - UNBONDING + 1n);
      await time.increaseTo(releaseAt);
      const sent = registry.connect(alice).withdraw();
      await expect(sent)
        .to.emit(registry, "Withdrawn")
        .withArgs(alice.address, 40n);
      await expect(sent).to.changeTokenBalances(ethers, token, [alice, registry], [40n, -40n]);
      await expect(registry.connect(alice).withdraw()).to.be.revertedWithCustomError(registry, "NothingToWithdraw");
    });

    it("rejects unstaking more than the stake", async function () {
      const { registry, alice } = await loadFixture(deployRegistry);
      await registry.connect(alice).stake(10n);
      await expect(registry.connect(alice).unstake(11n))
        .to.be.revertedWithCustomError(registry, "InsufficientStake")
        .withArgs(11n, 10n);
    });

    it("locks stake while its owner is in an unsettled round, and releases it on settlement", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id, params } = await createRound(ctx);
      await stakeAndJoin(ctx, id, [ctx.alice]);
      await expect(ctx.registry.connect(ctx.alice).unstake(1n))
        .to.be.revertedWithCustomError(ctx.registry, "StakeLocked")
        .withArgs(1);
      await time.increaseTo(params.finalizeDeadline);
      await ctx.registry.settle(id);
      await expect(ctx.registry.connect(ctx.alice).unstake(1n)).to.emit(ctx.registry, "UnstakeRequested");
      expect((await ctx.registry.getStake(ctx.alice.address)).activeRounds).to.equal(0);
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
      const callback = registry.interface.encodeFunctionData("withdraw");
      await token.arm(await registry.getAddress(), callback);
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
        commitDeadline: now + 20n,
        finalizeDeadline: now + 30n,
        minStake: 0n,
        maxParticipants: 1,
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

  it("join requires the round's minimum stake", async function () {
    const ctx = await loadFixture(deployRegistry);
    const { id } = await createRound(ctx);
    await ctx.registry.connect(ctx.alice).stake(MIN_STAKE - 1n);
    await expect(ctx.registry.connect(ctx.alice).join(id))
      .to.be.revertedWithCustomError(ctx.registry, "InsufficientStake")
      .withArgs(MIN_STAKE, MIN_STAKE - 1n);
  });
});
