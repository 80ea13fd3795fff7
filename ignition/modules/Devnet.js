// Local devnet: a fresh stake token (owned by account 0) and the registry, with tokens minted to the first
// DEVNET_ACCOUNTS Hardhat accounts (the public default mnemonic; never use these keys anywhere else). 5 unless
// D2ORA_DEVNET_ACCOUNTS says otherwise (scripts/devnet.sh --accounts; a Hardhat node holds 20 funded accounts).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export const DEVNET_ACCOUNTS = Number(process.env.D2ORA_DEVNET_ACCOUNTS ?? 5);
if (!Number.isInteger(DEVNET_ACCOUNTS) || DEVNET_ACCOUNTS < 1 || DEVNET_ACCOUNTS > 20) {
  throw new Error(`D2ORA_DEVNET_ACCOUNTS must be 1..20 (the Hardhat node's funded accounts), got ${DEVNET_ACCOUNTS}`);
}

export default buildModule("Devnet", (m) => {
  const owner = m.getAccount(0);
  const unbondingDelay = m.getParameter("unbondingDelay", 60n);
  const mintAmount = m.getParameter("mintAmount", 10_000n * 10n ** 18n);
  const token = m.contract("D2oraStakeToken", [owner]);
  const registry = m.contract("D2oraRegistry", [token, unbondingDelay]);
  for (let i = 0; i < DEVNET_ACCOUNTS; i++) {
    m.call(token, "mint", [m.getAccount(i), mintAmount], { id: `mint_${i}` });
  }
  return { token, registry };
});
