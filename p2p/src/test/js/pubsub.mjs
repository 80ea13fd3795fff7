// peer.mjs extension: js-libp2p gossipsub (@libp2p/gossipsub 17.1.1) for the pubsub interop tests.
// Config keys: "pubsub": {"heartbeatMs": 1000, "scoredTopics": [..]}. Events: {"event":"pubsub:message","topic","from","seqno","data"(hex)}.
// Commands: subscribe {topic}, unsubscribe {topic}, publish {topic, data(hex)}, subscribers {topic},
// mesh {topic}, score {peerId}.
// Scoring as the notes (pitfall 8) require: every test peer sits on 127.0.0.1, so the IP colocation
// penalty is off; publishing with no known subscribers is allowed.
import { gossipsub } from '@libp2p/gossipsub'

const hex = (u8) => Buffer.from(u8).toString('hex')

export function services (cfg) {
  const opts = cfg.pubsub ?? {}
  return {
    pubsub: gossipsub({
      allowPublishToZeroTopicPeers: true,
      emitSelf: false,
      heartbeatInterval: opts.heartbeatMs ?? 1000,
      scoreParams: {
        IPColocationFactorWeight: 0,
        // Topics listed in "scoredTopics" score invalid messages (P4) only, so tests can observe it
        // (the default positive terms, e.g. time in mesh, would mask it).
        topics: Object.fromEntries((opts.scoredTopics ?? []).map(t => [t, {
          topicWeight: 1,
          timeInMeshWeight: 0,
          firstMessageDeliveriesWeight: 0,
          meshMessageDeliveriesWeight: 0,
          meshFailurePenaltyWeight: 0,
          invalidMessageDeliveriesWeight: -100,
          invalidMessageDeliveriesDecay: 0.5
        }]))
      }
    })
  }
}

export async function start (node, cfg, emit) {
  node.services.pubsub.addEventListener('message', (e) => {
    const m = e.detail
    emit({
      event: 'pubsub:message',
      topic: m.topic,
      type: m.type,
      from: m.from?.toString(),
      seqno: m.sequenceNumber?.toString(),
      data: hex(m.data),
      receivedAt: performance.timeOrigin + performance.now()
    })
  })
}

export const commands = {
  async subscribe (node, msg) {
    node.services.pubsub.subscribe(msg.topic)
    return {}
  },
  async unsubscribe (node, msg) {
    node.services.pubsub.unsubscribe(msg.topic)
    return {}
  },
  async publish (node, msg) {
    const r = await node.services.pubsub.publish(msg.topic, Buffer.from(msg.data, 'hex'))
    return { recipients: r.recipients.map(String) }
  },
  async subscribers (node, msg) {
    return node.services.pubsub.getSubscribers(msg.topic).map(String)
  },
  async mesh (node, msg) {
    return node.services.pubsub.getMeshPeers(msg.topic).map(String)
  },
  async score (node, msg) {
    return { score: node.services.pubsub.getScore(msg.peerId) }
  }
}
