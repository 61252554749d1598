// The Twilio stand-in as Node tests use it: started as a process, Twilio's REST paths with the
// API key's Basic auth, and the /_standin control API. (Its own behaviour is covered by the xunit
// suite in tests/LiveGrpc.TwilioStandIn.Tests; this checks the process form from Node.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTwilioStandIn } from './twilio-standin.mjs';

let twilio;

before(async () => { twilio = await startTwilioStandIn(); });
after(async () => { await twilio?.stop(); });

test('the ready line gives a loopback address and the fake account', () => {
  assert.match(twilio.baseAddress, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(twilio.accountSid, /^AC[0-9a-f]{32}$/);
  assert.match(twilio.apiKeySid, /^SK[0-9a-f]{32}$/);
});

test('a room is created with a form post and read back by its unique name', async () => {
  const created = await twilio.rest('/v1/Rooms', { method: 'POST', body: new URLSearchParams({ UniqueName: 'node-stage', Type: 'group' }) });
  assert.equal(created.status, 201);
  const room = await created.json();
  assert.match(room.sid, /^RM[0-9a-f]{32}$/);

  const fetched = await (await twilio.rest('/v1/Rooms/node-stage')).json();
  assert.equal(fetched.sid, room.sid);
  assert.equal(fetched.status, 'in-progress');
});

test('without credentials Twilio paths answer 401 with code 20003', async () => {
  const response = await fetch(`${twilio.baseAddress}/v1/Rooms`);
  assert.equal(response.status, 401);
  assert.equal((await response.json()).code, 20003);
});

test('a 429 fault set through the control API reaches the next matching request with Retry-After', async () => {
  const fault = await twilio.control('/faults', { method: 'POST', path: '/v1/PlayerStreamers', status: 429, retryAfterSeconds: 3, count: 1 });
  assert.equal(fault.status, 201);

  const limited = await twilio.rest('/v1/PlayerStreamers', { method: 'POST' });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '3');
  assert.equal((await limited.json()).code, 20429);
  assert.equal((await twilio.rest('/v1/PlayerStreamers', { method: 'POST' })).status, 201);

  const log = await (await twilio.control('/requests?operationId=CreatePlayerStreamer')).json();
  assert.deepEqual(log.map((request) => request.status), [429, 201]);
});
