// Logs a raid with Milk from Node.js: creates it, adds the accounts, concludes it, and prints the
// page to post in the log channel. It speaks generation 2 of Beemo's broker wire (latte RPC), as
// milk-client does: a latte client sharing the topic reads past these records, while a
// generation 1 request (no source-instance) would stop it. The event fields are in docs/events.md.
//
//   npm ci && node raid.mjs
//
// KAFKA_BROKERS (localhost:9092), MILK_URL (http://localhost:8080), MILK_RAID_TOPIC
// (raid-management), GUILD_ID and RAID_ID say where and what; the defaults fit the demo.
import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const milkUrl = process.env.MILK_URL ?? 'http://localhost:8080';
const topic = process.env.MILK_RAID_TOPIC ?? 'raid-management';
const guildId = process.env.GUILD_ID ?? '81384788765712384';
const raidId = process.env.RAID_ID ?? `node-${randomUUID()}`;
const service = 'node-bot';
const instance = `${service}-${randomUUID()}`;
const replyTimeoutMillis = 30_000;

// Ids are strings: a snowflake as a JSON number has already lost precision, and Milk refuses it.
const accounts = [
  { id: '1100000000000000001', name: 'spam-bot-1', avatarHash: null, createdAtMillis: 1700000000000, joinedAtMillis: 1763899200000 },
  { id: '1100000000000000002', name: 'spam-bot-2', avatarHash: null, createdAtMillis: 1700000000000, joinedAtMillis: 1763899201500 },
  { id: '1100000000000000003', name: 'spam-bot-3', avatarHash: null, createdAtMillis: 1700000000000, joinedAtMillis: 1763899203000 },
];

const kafka = new Kafka({ clientId: service, brokers, logLevel: logLevel.WARN });
const admin = kafka.admin();
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
// A group of its own: it sees every reply and takes none from another bot process.
const consumer = kafka.consumer({ groupId: instance });
const waiting = new Map(); // message-id of a request -> what waits for its reply

const text = (header) => (header === undefined ? undefined : String(Array.isArray(header) ? header.at(-1) : header));
const names = (header) => (text(header) ?? '').split(',').filter((name) => name !== '');

function addressedToUs(headers) {
  const services = names(headers['target-services']);
  const instances = names(headers['target-instances']);
  return (services.length === 0 || services.includes(service)) && (instances.length === 0 || instances.includes(instance));
}

async function request(key, body) {
  const messageId = randomUUID();
  const reply = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(messageId);
      reject(new Error(`no reply to ${key} within ${replyTimeoutMillis / 1000} s: is Milk running?`));
    }, replyTimeoutMillis);
    waiting.set(messageId, { key, resolve: (answer) => { clearTimeout(timer); resolve(answer); } });
  });
  await producer.send({
    topic,
    messages: [{
      key,
      value: JSON.stringify({ request: body, response: null }),
      headers: {
        'source-service': service,
        'source-instance': instance,
        'target-services': 'milk',
        'target-instances': '',
        'message-id': messageId,
      },
    }],
  });
  const { status, value } = await reply;
  const { response } = JSON.parse(value);
  if (!response.acknowledged) {
    throw new Error(`Milk refused ${key} (rpc-response-status ${status}): ${response.error}`);
  }
  return response;
}

await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
try {
  // Replies are read from where the topic ends now, before the first request is sent.
  const ends = await admin.fetchTopicOffsets(topic);
  await consumer.subscribe({ topic });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const waiter = waiting.get(text(message.headers['rpc-in-reply-to']));
      if (waiter && String(message.key) === `${waiter.key}.response` && addressedToUs(message.headers)) {
        waiting.delete(text(message.headers['rpc-in-reply-to']));
        waiter.resolve({ status: text(message.headers['rpc-response-status']), value: String(message.value) });
      }
    },
  });
  ends.forEach(({ partition, offset }) => consumer.seek({ topic, partition, offset }));

  // Wait for each reply before the next request: records are keyed by action, so on a topic of
  // several partitions a conclusion could otherwise overtake the raid's creation.
  const { publicId } = await request('create-raid', { raidId, guildId });
  await request('batch-insert-raid-users', { raidId, guildId, users: accounts }); // at most 10,000 a request
  await request('conclude-raid', { raidId, guildId, concludedAtMillis: Date.now() });
  console.log(`${milkUrl}/raid/${publicId}`);
} finally {
  await Promise.all([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
}
