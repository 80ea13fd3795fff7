// js-libp2p reference peer for the interop tests and benchmarks.
//
// Start (cwd = repo root, so node_modules resolves):
//   node p2p/src/test/js/peer.mjs '{"listen":"/ip4/127.0.0.1/tcp/0","seed":"<64 hex>","extensions":["./pubsub.mjs"]}'
// Protocol: JSON lines.
//   stdout: {"event":"ready","peerId":..,"addrs":[..]} first, then events {"event":..} and replies.
//   stdin:  {"id":1,"cmd":"dial","addr":".."}  ->  {"id":1,"ok":true,"result":{..}} | {"id":1,"ok":false,"error":".."}
// Adding commands: put them in an extension module (listed in "extensions", resolved relative to this
// file) that exports `services(cfg)` (extra libp2p services) and/or `commands` ({name: async (node, msg, emit) => result})
// and optionally `start(node, cfg, emit)`.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createHash } from 'node:crypto'
import { createInterface } from 'node:readline'

export const ECHO = '/d2ora/echo/1.0.0'
export const SINK = '/d2ora/sink/1.0.0'
const STREAM_LIMITS = { maxInboundStreams: 256, maxOutboundStreams: 256 }

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const hex = (u8) => Buffer.from(u8).toString('hex')
const bytes = (chunk) => chunk.subarray()

async function send (stream, data) {
  if (!stream.send(data)) await stream.onDrain()
}

async function echoHandler (stream) {
  for await (const chunk of stream) await send(stream, bytes(chunk))
  await stream.close()
}

async function sinkHandler (stream) {
  let n = 0
  for await (const chunk of stream) n += chunk.byteLength
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(n))
  await send(stream, out)
  await stream.close()
}

function payload (size, seed) {
  const out = new Uint8Array(size)
  let x = (seed >>> 0) || 1
  for (let i = 0; i < size; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; out[i] = x & 0xff }
  return out
}

async function readAll (stream) {
  const hash = createHash('sha256')
  let n = 0
  for await (const chunk of stream) { const b = bytes(chunk); hash.update(b); n += b.length }
  return { n, sha256: hash.digest('hex') }
}

async function sinkOne (node, peer, size, chunk) {
  const stream = await node.dialProtocol(peer, SINK, STREAM_LIMITS)
  const data = payload(Math.min(chunk, size), 1)
  const reply = readAll(stream)
  for (let off = 0; off < size; off += chunk) await send(stream, data.subarray(0, Math.min(chunk, size - off)))
  await stream.close()
  await reply
}

const commands = {
  async dial (node, msg) {
    const t0 = performance.now()
    const conn = await node.dial(multiaddr(msg.addr))
    return { peerId: conn.remotePeer.toString(), ms: performance.now() - t0 }
  },
  async ping (node, msg) {
    return { rttMs: await node.services.ping.ping(peerIdFromString(msg.peerId)) }
  },
  async identify (node, msg) {
    const id = peerIdFromString(msg.peerId)
    const deadline = Date.now() + (msg.timeoutMs ?? 5000)
    for (;;) {
      const peer = await node.peerStore.get(id).catch(() => null)
      const want = msg.protocol
      if (peer && peer.protocols.length > 0 && (!want || peer.protocols.includes(want))) {
        const agent = peer.metadata.get('AgentVersion')
        return { protocols: peer.protocols, agentVersion: agent ? new TextDecoder().decode(agent) : null }
      }
      if (Date.now() > deadline) throw new Error(`peer ${msg.peerId} not identified (protocol ${want})`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  },
  async echo (node, msg) {
    const stream = await node.dialProtocol(peerIdFromString(msg.peerId), ECHO, STREAM_LIMITS)
    const data = payload(msg.size, msg.seed ?? 7)
    const chunk = msg.chunk ?? 65536
    const t0 = performance.now()
    const reply = readAll(stream)
    for (let off = 0; off < data.length; off += chunk) await send(stream, data.subarray(off, off + chunk))
    await stream.close()
    const got = await reply
    return { bytes: got.n, sha256: got.sha256, sentSha256: createHash('sha256').update(data).digest('hex'), ms: performance.now() - t0 }
  },
  async bench (node, msg) {
    const peer = peerIdFromString(msg.peerId)
    const streams = msg.streams ?? 1
    const per = Math.floor(msg.size / streams)
    const t0 = performance.now()
    await Promise.all(Array.from({ length: streams }, () => sinkOne(node, peer, per, msg.chunk ?? 65536)))
    return { ms: performance.now() - t0, bytes: per * streams }
  },
  async hangup (node, msg) {
    await node.hangUp(peerIdFromString(msg.peerId))
    return {}
  },
  async connections (node) {
    return node.getConnections().map(c => ({ peerId: c.remotePeer.toString(), addr: c.remoteAddr.toString() }))
  },
  async stop (node) {
    setTimeout(async () => { await node.stop(); process.exit(0) }, 10)
    return {}
  }
}

async function main () {
  const cfg = JSON.parse(process.argv[2] ?? '{}')
  const extensions = []
  for (const path of cfg.extensions ?? []) extensions.push(await import(new URL(path, import.meta.url)))
  const privateKey = cfg.seed
    ? await generateKeyPairFromSeed('Ed25519', Buffer.from(cfg.seed, 'hex'))
    : await generateKeyPair('Ed25519')
  const services = { identify: identify(), identifyPush: identifyPush(), ping: ping({ maxOutboundStreams: 8 }) }
  for (const ext of extensions) Object.assign(services, ext.services?.(cfg) ?? {})
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: [cfg.listen ?? '/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // tests and benchmarks reconnect quickly from 127.0.0.1: lift the per-host inbound rate limit
    connectionManager: { inboundConnectionThreshold: 10000, ...(cfg.connectionManager ?? {}) },
    // js's connection monitor pings every peer on its own; with the default limit of one outbound ping
    // stream a test's ping can collide with it ("Too many outbound protocol streams"): raise it above.
    services
  })
  await node.handle(ECHO, (stream) => echoHandler(stream).catch(e => stream.abort(e)), STREAM_LIMITS)
  await node.handle(SINK, (stream) => sinkHandler(stream).catch(e => stream.abort(e)), STREAM_LIMITS)
  for (const ext of extensions) Object.assign(commands, ext.commands ?? {})
  node.addEventListener('peer:identify', (e) => emit({ event: 'identify', peerId: e.detail.peerId.toString(), protocols: e.detail.protocols, agentVersion: e.detail.agentVersion }))
  node.addEventListener('peer:disconnect', (e) => emit({ event: 'disconnect', peerId: e.detail.toString() }))
  for (const ext of extensions) await ext.start?.(node, cfg, emit)
  emit({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })

  const rl = createInterface({ input: process.stdin })
  rl.on('line', async (line) => {
    let msg
    try { msg = JSON.parse(line) } catch { emit({ ok: false, error: 'bad json: ' + line }); return }
    const fn = commands[msg.cmd]
    try {
      if (!fn) throw new Error('unknown command ' + msg.cmd)
      emit({ id: msg.id, ok: true, result: await fn(node, msg, emit) })
    } catch (e) {
      emit({ id: msg.id, ok: false, error: String(e?.stack ?? e) })
    }
  })
  rl.on('close', async () => { await node.stop(); process.exit(0) })
}

main().catch(e => { emit({ event: 'fatal', error: String(e?.stack ?? e) }); process.exit(1) })
