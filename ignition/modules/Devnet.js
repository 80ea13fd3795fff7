// Local devnet: a fresh stake token (owned by account 0) and the registry, with tokens minted to the first
// DEVNET_ACCOUNTS Hardhat accounts (the public default mnemonic; never use these keys anywhere else).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export const DEVNET_ACCOUNTS = 5;

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
