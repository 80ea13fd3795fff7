// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title D2ORA devnet stake token
/// @notice A plain ERC-20 that the deploy script mints to test accounts. On a real network the registry takes any
///         ERC-20 address instead; nothing in the registry depends on this contract.
contract D2oraStakeToken is ERC20, Ownable {
    constructor(address initialOwner) ERC20("D2ORA Devnet Stake", "D2S") Ownable(initialOwner) {}

    /// @notice Mints `amount` to `to`; only the deployer's account may mint.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
