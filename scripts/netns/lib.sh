# Shared by scripts/netns-round.sh and scripts/scale.sh: namespaces on one bridge, lossy veths, delaying relays.
# The caller sets NET (first three octets), BRIDGE, PERMILLE (loss per mille), DELAY and JITTER (ms), PYTHON, and
# the arrays NAMESPACES and RELAYS, which these functions extend (its cleanup removes what they list).

in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

# `ip netns exec` forks the command it runs: stop the child (a node's JVM, a relay) with the process started.
stop() { pkill -TERM -P "$1" 2>/dev/null || true; kill -TERM "$1" 2>/dev/null || true; }

# A namespace with address NET.$2 on a veth to the bridge, dropping PERMILLE / 1000 of what arrives on it.
namespace() {
  local ns="$1" host="$2"
  ip netns add "$ns"
  NAMESPACES+=("$ns")
  ip link add "v-$ns" type veth peer name eth0 netns "$ns"
  ip link set "v-$ns" master "$BRIDGE" up
  in_ns "$ns" ip link set lo up
  in_ns "$ns" ip addr add "$NET.$host/24" dev eth0
  in_ns "$ns" ip link set eth0 up
  in_ns "$ns" nft -f - <<NFT
table inet d2n {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "eth0" counter
    iifname "eth0" numgen random mod 1000 < $PERMILLE counter drop
  }
}
NFT
}

# A delaying relay in namespace $1 from $2 to $3; its statistics go to $4 when it stops. Background jobs run
# `ip netns exec` directly (not through a function, which would fork a subshell), so $! is the process itself.
relay() {
  ip netns exec "$1" "$PYTHON" scripts/netns/delay_relay.py --listen "$2" --target "$3" --delay "$DELAY" \
    --jitter "$JITTER" --seed "${#RELAYS[@]}" >"$4" 2>&1 &
  RELAYS+=($!)
}

# Redirects TCP port $2 arriving on namespace $1's veth to local port $3 (where a relay listens).
redirect() {
  in_ns "$1" nft -f - <<NFT
table ip d2n-nat-$2 {
  chain prerouting { type nat hook prerouting priority -100; iifname "eth0" tcp dport $2 redirect to :$3; }
}
NFT
}
