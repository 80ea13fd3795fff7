#!/usr/bin/env python3
"""A delaying TCP relay: latency for a kernel without netem (scripts/netns-round.sh).

Accepts on --listen, connects each client to --target, and forwards every chunk read in either
direction after DELAY +/- JITTER milliseconds (uniform), never reordering a direction's bytes (a
chunk leaves no earlier than the one before it). On SIGTERM or SIGINT it prints one JSON line of
statistics (connections, chunks, bytes, mean and max delay applied) and exits.

Usage: delay_relay.py --listen HOST:PORT --target HOST:PORT [--delay MS] [--jitter MS] [--seed N]
"""
import argparse
import asyncio
import json
import random
import signal
import sys
import time

STATS = {"connections": 0, "chunks": 0, "bytes": 0, "delay_ms_sum": 0.0, "delay_ms_max": 0.0}


def address(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


async def pump(reader, writer, delay, jitter, rng):
    """Forwards reader to writer, each chunk held until its own due time (in order)."""
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()

    sender = asyncio.create_task(deliver())
    last_due = 0.0
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            applied = max(0.0, delay + rng.uniform(-jitter, jitter)) / 1000.0
            due = max(time.monotonic() + applied, last_due)
            last_due = due
            STATS["chunks"] += 1
            STATS["bytes"] += len(data)
            STATS["delay_ms_sum"] += applied * 1000.0
            STATS["delay_ms_max"] = max(STATS["delay_ms_max"], applied * 1000.0)
            await queue.put((due, data))
    except (ConnectionError, OSError):
        pass
    await queue.put((0.0, None))
    try:
        await sender
    except (ConnectionError, OSError):
        pass


async def handle(client_reader, client_writer, target, delay, jitter, rng):
    STATS["connections"] += 1
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection(*target)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(
        pump(client_reader, upstream_writer, delay, jitter, rng),
        pump(upstream_reader, client_writer, delay, jitter, rng),
    )
    for w in (client_writer, upstream_writer):
        w.close()


async def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", required=True, type=address)
    p.add_argument("--target", required=True, type=address)
    p.add_argument("--delay", type=float, default=50.0)
    p.add_argument("--jitter", type=float, default=10.0)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rng = random.Random(args.seed)
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, args.target, args.delay, args.jitter, rng), *args.listen
    )
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    mean = STATS["delay_ms_sum"] / STATS["chunks"] if STATS["chunks"] else 0.0
    print(
        json.dumps(
            {
                "listen": "%s:%d" % args.listen,
                "connections": STATS["connections"],
                "chunks": STATS["chunks"],
                "bytes": STATS["bytes"],
                "delay_ms_mean": round(mean, 2),
                "delay_ms_max": round(STATS["delay_ms_max"], 2),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
