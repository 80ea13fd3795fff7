// Golden vector for StrictSignReferenceTest: js-libp2p gossipsub 17.1.1 signs a pubsub message with the
// Ed25519 key of seed 0x00..0x1f. Run from the repo root: node scripts/reference/pubsub-strictsign-vector.mjs
// > p2p/src/test/resources/pubsub/strictsign-vector.json
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { RPC } from '../../node_modules/@libp2p/gossipsub/dist/src/message/rpc.js'
import { msgIdFnStrictSign } from '../../node_modules/@libp2p/gossipsub/dist/src/utils/msgIdFn.js'
const seed = new Uint8Array(32).map((_, i) => i)
const key = await generateKeyPairFromSeed('Ed25519', seed)
const pid = peerIdFromPrivateKey(key)
const seqno = new Uint8Array([0,0,0,0,0,0,0,42])
const m = { from: pid.toMultihash().bytes, data: new TextEncoder().encode('hello d2ora'), seqno, topic: 'd2ora/test' }
const bytes = new Uint8Array([...new TextEncoder().encode('libp2p-pubsub:'), ...RPC.Message.encode(m)])
const sig = await key.sign(bytes)
const hex = b => Buffer.from(b).toString('hex')
const id = msgIdFnStrictSign({ type: 'signed', from: pid, key: key.publicKey, sequenceNumber: 42n })
console.log(JSON.stringify({ peerId: pid.toString(), from: hex(m.from), signature: hex(sig), msgId: hex(id) }))
