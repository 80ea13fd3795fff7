#!/usr/bin/env python3
"""Checks the emulated network of scripts/netns-round.sh before the round (no ping needed).

  probe.py echo HOST:PORT           echoes UDP datagrams and TCP bytes on HOST:PORT until killed
  probe.py measure HOST:PORT COUNT  sends COUNT UDP datagrams (2 ms apart) and COUNT one-byte TCP
                                    round trips to an echo, prints one JSON line: datagrams lost
                                    (each crosses two lossy hops) and TCP round-trip times (min,
                                    median, max ms; TCP retransmits what is lost)
"""
import json
import socket
import sys
import threading
import time


def address(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def echo(where):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(where)
    tcp = socket.socket()
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(where)
    tcp.listen()

    def serve_tcp():
        while True:
            conn, _ = tcp.accept()
            threading.Thread(target=lambda c=conn: pipe(c), daemon=True).start()

    def pipe(conn):
        with conn:
            while data := conn.recv(4096):
                conn.sendall(data)

    threading.Thread(target=serve_tcp, daemon=True).start()
    while True:
        data, peer = udp.recvfrom(2048)
        udp.sendto(data, peer)


def measure(where, count):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.settimeout(0.002)
    received = set()
    for i in range(count):
        udp.sendto(i.to_bytes(4, "big"), where)
        try:
            while True:
                received.add(int.from_bytes(udp.recv(64), "big"))
        except socket.timeout:
            pass
    udp.settimeout(1.0)
    try:
        while True:
            received.add(int.from_bytes(udp.recv(64), "big"))
    except socket.timeout:
        pass
    tcp = socket.create_connection(where, timeout=10)
    rtt = []
    for _ in range(count // 10 or 1):
        start = time.monotonic()
        tcp.sendall(b"x")
        tcp.recv(1)
        rtt.append((time.monotonic() - start) * 1000)
    rtt.sort()
    print(
        json.dumps(
            {
                "udp_sent": count,
                "udp_lost": count - len(received),
                "udp_lost_pct": round(100.0 * (count - len(received)) / count, 2),
                "tcp_rtt_ms": [round(rtt[0], 1), round(rtt[len(rtt) // 2], 1), round(rtt[-1], 1)],
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "echo":
        echo(address(sys.argv[2]))
    else:
        measure(address(sys.argv[2]), int(sys.argv[3]))
