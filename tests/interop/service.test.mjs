// The published service on a real loopback port, called by a client that is not ours (@grpc/grpc-js with
// @grpc/proto-loader reading the contract from src/Appraisal.Service/Protos). Run with `npm test` (node --test).
//
// before: publish the service (Release) into a temporary folder — or use APPRAISAL_SERVICE_DLL when set —, copy
// policies/ into a temporary folder, start the service on a free 127.0.0.1 port and wait until grpc.health.v1
// answers SERVING. after: stop the server (always, also when a test or the start failed) and delete the folders.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const AFTER_SALES = 'after-sales/售后客服考核';
const FACTS_91 = {
  岗位: '普通售后客服', 素质: '良', 退款率: '6%', 纠纷处理: '良', 配合度: '良', 执行力: '中',
  迟到: 1, 客户表扬: 3, 低质评价: 1,
};
const CALL_DEADLINE_MS = 10_000;
const START_PATIENCE_MS = 90_000;

// ------------------------------------------------------------------------------------------------
// The contract and the minimal vendored protos (google.rpc, grpc.health.v1, grpc.reflection.v1alpha).

const loaderOptions = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const definition = protoLoader.loadSync(
  ['appraisal/v1/appraisal.proto', 'grpc/health/v1/health.proto', 'grpc/reflection/v1alpha/reflection.proto', 'interop/codec.proto'],
  { ...loaderOptions, includeDirs: [join(root, 'src/Appraisal.Service/Protos'), join(here, 'protos')] },
);
const proto = grpc.loadPackageDefinition(definition);
const codec = definition['interop.Codec'];
const decodeStatus = (bytes) => codec.Status.requestDeserialize(bytes);
const decodeBadRequest = (bytes) => codec.Status.responseDeserialize(bytes);

/** The google.rpc.Status of a failed call, from its grpc-status-details-bin trailer. */
function richStatus(error) {
  const [bytes] = error.metadata?.get('grpc-status-details-bin') ?? [];
  assert.ok(bytes, `no grpc-status-details-bin trailer on ${error.code} ${error.details}`);
  return decodeStatus(bytes);
}

/** The field violations of every google.rpc.BadRequest in a google.rpc.Status. */
function fieldViolations(status) {
  return status.details
    .filter((any) => any.type_url === 'type.googleapis.com/google.rpc.BadRequest')
    .flatMap((any) => decodeBadRequest(any.value).field_violations);
}

// ------------------------------------------------------------------------------------------------
// The server

let work;
let server;
let serverLog = '';
let address;
let appraisal;
let health;
let reflection;

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

function publishedService() {
  if (process.env.APPRAISAL_SERVICE_DLL) return process.env.APPRAISAL_SERVICE_DLL;
  const output = join(work, 'service');
  execFileSync('dotnet', ['publish', join(root, 'src/Appraisal.Service/Appraisal.Service.csproj'), '-c', 'Release', '-o', output, '--nologo', '-v', 'q'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } });
  const dll = join(output, 'Appraisal.Service.dll');
  assert.ok(existsSync(dll), `dotnet publish wrote no ${dll}`);
  return dll;
}

function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => { clearTimeout(force); done(); });
    server.kill('SIGTERM');
  });
}

// A last resort should the runner be torn down without running `after`.
process.on('exit', () => { if (server && server.exitCode === null) server.kill('SIGKILL'); });

function deadline(ms = CALL_DEADLINE_MS) { return { deadline: Date.now() + ms }; }

function unary(client, method, request, ms) {
  return new Promise((ok, fail) => client[method](request, deadline(ms), (error, reply) => (error ? fail(error) : ok(reply))));
}

async function waitUntilServing() {
  const end = Date.now() + START_PATIENCE_MS;
  let last;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`the service exited with ${server.exitCode}:\n${serverLog}`);
    try {
      const reply = await unary(health, 'Check', { service: '' }, 1_000);
      if (reply.status === 'SERVING') return;
      last = reply.status;
    } catch (error) {
      last = error.message;
    }
    await new Promise((wake) => setTimeout(wake, 200));
  }
  throw new Error(`the service did not answer SERVING within ${START_PATIENCE_MS} ms (last: ${last}):\n${serverLog}`);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'appraisal-interop-'));
  const dll = publishedService();
  const policies = join(work, 'policies');
  cpSync(join(root, 'policies'), policies, { recursive: true });
  const port = await freePort();
  address = `127.0.0.1:${port}`;
  server = spawn('dotnet', [dll, '--Service:Address', '127.0.0.1', '--Service:Port', String(port), '--Policies:Directory', policies],
    { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOTNET_NOLOGO: '1' } });
  const keep = (chunk) => { serverLog = (serverLog + chunk).slice(-20_000); };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);

  const credentials = grpc.credentials.createInsecure();
  appraisal = new proto.appraisal.v1.Appraisal(address, credentials);
  health = new proto.grpc.health.v1.Health(address, credentials);
  reflection = new proto.grpc.reflection.v1alpha.ServerReflection(address, credentials);
  try {
    await waitUntilServing();
  } catch (error) {
    await stopServer();
    throw error;
  }
}, { timeout: 420_000 });

after(async () => {
  for (const client of [appraisal, health, reflection]) client?.close();
  await stopServer();
  if (work) rmSync(work, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------
// The tests

const outputs = (reply) => Object.fromEntries(reply.outputs.map((o) => [o.name, o.value]));

test('health: grpc.health.v1 Check answers SERVING', async () => {
  const reply = await unary(health, 'Check', { service: '' });
  assert.equal(reply.status, 'SERVING');
});

test('reflection: the services are listed (grpc.reflection.v1alpha)', async () => {
  const names = await new Promise((ok, fail) => {
    const call = reflection.ServerReflectionInfo(deadline());
    const found = [];
    call.on('data', (reply) => {
      if (reply.message_response === 'list_services_response') found.push(...reply.list_services_response.service.map((s) => s.name));
      else fail(new Error(`unexpected reflection answer ${JSON.stringify(reply)}`));
    });
    call.on('error', fail);
    call.on('end', () => ok(found));
    call.write({ host: '', list_services: '*' });
    call.end();
  });
  assert.ok(names.includes('appraisal.v1.Appraisal'), `listed: ${names.join(', ')}`);
  assert.ok(names.includes('grpc.health.v1.Health'), `listed: ${names.join(', ')}`);
});

test('Evaluate: the after-sales example scores 91 with its bonus and pay as exact decimals', async () => {
  const reply = await unary(appraisal, 'Evaluate', { policy_id: AFTER_SALES, facts_json: JSON.stringify(FACTS_91) });
  assert.equal(reply.policy_id, AFTER_SALES);
  assert.match(reply.version, /^[0-9a-f]{16}$/);
  const values = outputs(reply);
  assert.equal(values['得分'], '91');
  assert.equal(values['KPI奖金'], '700.00');
  assert.equal(values['工资'], '2700.00');
  assert.deepEqual(JSON.parse(reply.outputs_json)['KPI奖金'], '700.00');
});

test('Statement: the after-sales example as an HTML page (google.api.HttpBody), Chinese by default', async () => {
  const reply = await unary(appraisal, 'Statement', { policy_id: AFTER_SALES, facts_json: JSON.stringify(FACTS_91), subject_id: 'E<1>' });
  assert.equal(reply.content_type, 'text/html; charset=utf-8');
  const page = Buffer.from(reply.data).toString('utf8');
  assert.match(page, /^<!DOCTYPE html>\n<html lang="zh-CN">/);
  assert.ok(page.includes('<title>售后客服考核 · E&lt;1&gt;</title>'), 'the title names the policy and the escaped subject');
  assert.ok(page.includes('2700.00 元'), 'the pay is on the page');
  assert.ok(!page.includes('<script'), 'no scripts');
});
test('Evaluate with bad facts: INVALID_ARGUMENT with google.rpc.BadRequest field violations in the trailer', async () => {
  const facts = { ...FACTS_91, 素质: '极好', 退款率: 'a lot' };
  const error = await unary(appraisal, 'Evaluate', { policy_id: AFTER_SALES, facts_json: JSON.stringify(facts) }).then(
    () => assert.fail('bad facts were accepted'), (e) => e);
  assert.equal(error.code, grpc.status.INVALID_ARGUMENT, error.message);
  const status = richStatus(error);
  assert.equal(status.code, grpc.status.INVALID_ARGUMENT);
  assert.equal(status.message, error.details);
  const violations = fieldViolations(status);
  assert.deepEqual(violations.map((v) => v.field).sort(), ['$.素质', '$.退款率']);
  for (const v of violations) assert.ok(v.description.length > 0, `no description for ${v.field}`);
});

test('Evaluate with 3,000 bad facts: a prompt INVALID_ARGUMENT within 8 KB of trailers, and the channel still answers', async () => {
  const facts = { ...FACTS_91 };
  for (let i = 0; i < 3000; i++) facts[`不认识的输入${i}`] = `一个相当长的值 ${i}`;
  const started = Date.now();
  const error = await unary(appraisal, 'Evaluate', { policy_id: AFTER_SALES, facts_json: JSON.stringify(facts), language: 'LANGUAGE_ZH' }, 5_000).then(
    () => assert.fail('bad facts were accepted'), (e) => e);
  assert.equal(error.code, grpc.status.INVALID_ARGUMENT, `${error.code}: ${error.details}`);
  assert.ok(Date.now() - started < 5_000, `the error took ${Date.now() - started} ms`);
  const [details] = error.metadata.get('grpc-status-details-bin');
  const trailerBytes = Buffer.byteLength(encodeURIComponent(error.details)) + details.toString('base64').length;
  assert.ok(trailerBytes < 8 * 1024, `grpc-message + grpc-status-details-bin take ${trailerBytes} bytes`);
  const status = richStatus(error);
  const violations = fieldViolations(status);
  assert.ok(violations.length > 0 && violations.length <= 100, `${violations.length} violations listed`);
  const next = await unary(appraisal, 'Evaluate', { policy_id: AFTER_SALES, facts_json: JSON.stringify(FACTS_91) }, 5_000);
  assert.equal(outputs(next)['得分'], '91');
});

// Hand-built protobuf: a length-delimited field (wire type 2) holding these bytes.
function varint(n) {
  const bytes = [];
  while (n > 127) { bytes.push((n & 0x7f) | 0x80); n >>>= 7; }
  bytes.push(n);
  return Buffer.from(bytes);
}
const field = (number, bytes) => Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);
const NOT_UTF8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
const raw = (b) => b;

test('Evaluate with facts_json that is not UTF-8 (a hand-built frame): INVALID_ARGUMENT on facts_json, not UNKNOWN', async () => {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const payload = Buffer.concat([field(1, Buffer.from(AFTER_SALES)), field(3, NOT_UTF8)]);
  try {
    const error = await new Promise((ok) => client.makeUnaryRequest('/appraisal.v1.Appraisal/Evaluate', raw, raw, payload,
      new grpc.Metadata(), deadline(), (e) => ok(e)));
    assert.ok(error, 'the call succeeded');
    assert.equal(error.code, grpc.status.INVALID_ARGUMENT, `${error.code}: ${error.details}`);
    assert.deepEqual(fieldViolations(richStatus(error)).map((v) => v.field), ['facts_json']);
  } finally {
    client.close();
  }
});

test('EvaluateStream: a message that is not UTF-8 fails only its own answer', async () => {
  const methods = proto.appraisal.v1.Appraisal.service.EvaluateStream;
  const good = (id) => methods.requestSerialize({ request_id: id, request: { policy_id: AFTER_SALES, facts_json: JSON.stringify(FACTS_91) } });
  const bad = Buffer.concat([field(1, Buffer.from('bad')), field(2, Buffer.concat([field(1, Buffer.from(AFTER_SALES)), field(3, NOT_UTF8)]))]);
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    const answers = await new Promise((ok, fail) => {
      const call = client.makeBidiStreamRequest('/appraisal.v1.Appraisal/EvaluateStream', raw, raw, new grpc.Metadata(), deadline());
      const got = [];
      call.on('data', (bytes) => got.push(methods.responseDeserialize(bytes)));
      call.on('error', fail);
      call.on('end', () => ok(got));
      call.write(good('a'));
      call.write(bad);
      call.write(good('b'));
      call.end();
    });
    assert.deepEqual(answers.map((a) => a.request_id), ['a', 'bad', 'b']);
    assert.equal(outputs(answers[0].reply)['得分'], '91');
    assert.equal(outputs(answers[2].reply)['得分'], '91');
    assert.equal(answers[1].error.code, grpc.status.INVALID_ARGUMENT);
    assert.deepEqual(fieldViolations(answers[1].error).map((v) => v.field), ['request.facts_json']);
  } finally {
    client.close();
  }
});

test('Evaluate of an unknown policy: NOT_FOUND', async () => {
  const error = await unary(appraisal, 'Evaluate', { policy_id: 'no/such-policy', facts_json: '{}' }).then(
    () => assert.fail('an unknown policy answered'), (e) => e);
  assert.equal(error.code, grpc.status.NOT_FOUND);
  assert.equal(richStatus(error).code, grpc.status.NOT_FOUND);
});

test('EvaluateStream: answers matched by id, only the bad fact set fails', async () => {
  const factSets = {
    a: FACTS_91,
    b: { ...FACTS_91, 迟到: 0, 客户表扬: 5 },
    bad: { ...FACTS_91, 迟到: 'often' },
    c: { ...FACTS_91, 退款率: '9%', 素质: '中' },
    d: { ...FACTS_91, 低质评价: 4 },
  };
  // What each good fact set answers on its own.
  const expected = {};
  for (const [id, facts] of Object.entries(factSets)) {
    if (id !== 'bad') expected[id] = (await unary(appraisal, 'Evaluate', { policy_id: AFTER_SALES, facts_json: JSON.stringify(facts) })).outputs_json;
  }
  assert.ok(new Set(Object.values(expected)).size > 1, 'the fact sets should not all give the same outcome');

  const answers = await new Promise((ok, fail) => {
    const call = appraisal.EvaluateStream(deadline());
    const got = [];
    call.on('data', (reply) => got.push(reply));
    call.on('error', fail);
    call.on('end', () => ok(got));
    for (const [id, facts] of Object.entries(factSets)) {
      call.write({ request_id: id, request: { policy_id: AFTER_SALES, facts_json: JSON.stringify(facts) } });
    }
    call.end();
  });

  assert.deepEqual(answers.map((a) => a.request_id).sort(), Object.keys(factSets).sort());
  for (const answer of answers) {
    if (answer.request_id === 'bad') {
      assert.equal(answer.reply, null);
      assert.equal(answer.error.code, grpc.status.INVALID_ARGUMENT);
      assert.deepEqual(fieldViolations(answer.error).map((v) => v.field), ['$.迟到']);
    } else {
      assert.equal(answer.error, null, `${answer.request_id} failed: ${answer.error?.message}`);
      assert.equal(answer.reply.outputs_json, expected[answer.request_id], `answer ${answer.request_id}`);
    }
  }
});

test('Ledger: a recorded Q1 drives the Q2 escalation, a retry is replayed, GetHistory lists both quarters', async () => {
  const policy = 'quarterly-pay/季度绩效工资';
  const record = (period, met, requestId) => unary(appraisal, 'Evaluate', {
    policy_id: policy, subject_id: 'interop-E1', period, record: true, request_id: requestId,
    facts_json: JSON.stringify({ 全额工资: '10000 yuan', 指标一达成: met, 指标二达成: met }),
  });
  const q1 = await record('2026-Q1', false, 'interop-E1-2026-Q1');
  assert.equal(q1.record.revision, 1);
  assert.equal(q1.record.replayed, false);
  const q2 = await record('2026-Q2', true, 'interop-E1-2026-Q2');
  assert.equal(q2.history_source, 'ledger');
  assert.deepEqual(q2.history.map((h) => [h.period, h.request_id]), [['2026-Q1', 'interop-E1-2026-Q1']]);
  assert.equal(Number(outputs(q2)['绩效比例']), 0.15);
  const retry = await record('2026-Q1', false, 'interop-E1-2026-Q1');
  assert.equal(retry.record.replayed, true);
  assert.equal(retry.outputs_json, q1.outputs_json);
  const history = await unary(appraisal, 'GetHistory', { subject_id: 'interop-E1', all_revisions: true });
  assert.deepEqual(history.entries.map((e) => [e.period, e.revision, e.request_id]),
    [['2026-Q1', 1, 'interop-E1-2026-Q1'], ['2026-Q2', 1, 'interop-E1-2026-Q2']]);
});

test('Echo: the payload comes back unchanged', async () => {
  const payload = Buffer.from('回声 echo \u0000\u00ff', 'utf8');
  const reply = await unary(appraisal, 'Echo', { payload });
  assert.deepEqual(Buffer.from(reply.payload), payload);
});
