'use strict';
// Unit tests of transport.js (run by tests/web/test_widget_modules.py with `node --test`).
var test = require('node:test');
var assert = require('node:assert/strict');
var fake = require('./testing/fake-dom');
var transport = require('./transport');

var realFetch = global.fetch;
test.afterEach(function () {
  global.fetch = realFetch;
  fake.uninstallDom();
});

function response(status, body) {
  return { ok: status >= 200 && status < 300, status: status, text: function () { return Promise.resolve(body); } };
}

function poster(timeout) {
  var self = { cfg: { server: 'http://bot.test:5005', timeout: timeout || 1000 }, sessionId: 'amy-1' };
  return function (message) { return transport.methods.post.call(self, message); };
}

test('server, webhook URL and timeout are normalised', function () {
  assert.equal(transport.normalizeServer(' http://a:1/// '), 'http://a:1');
  assert.equal(transport.webhookUrl('https://bot.example.com/'), 'https://bot.example.com/webhooks/rest/webhook');
  assert.deepEqual(['2500', 'x', -1, undefined, 10.4].map(transport.parseTimeout), [2500, 15000, 15000, 15000, 10]);
  assert.equal(transport.ERROR_TEXT, "Can't reach the Ask Amy server right now.");
});

test('repliesToEntries keeps text, buttons, drafts and http images only', function () {
  assert.deepEqual(transport.repliesToEntries([
    { text: 'Hello' }, { custom: { foo: 1 } }, { custom: { type: 'email_draft', text: 'Subject: X\n\nBody' } },
    { text: 'Pick', buttons: [{ title: 'Yes', payload: '/affirm' }, { title: 'Skip' }, { title: '' }] },
    { image: 'javascript:alert(1)' }, { image: 'https://ex.com/i.png' }, null
  ]), [
    { who: 'bot', text: 'Hello' },
    { who: 'bot', text: 'Subject: X\n\nBody', draft: true },
    { who: 'bot', text: 'Pick', buttons: [{ title: 'Yes', payload: '/affirm' }, { title: 'Skip', payload: 'Skip' }] },
    { who: 'bot', text: 'https://ex.com/i.png' }
  ]);
  assert.deepEqual(transport.repliesToEntries({ not: 'an array' }), []);
});

test('mergeSplitDrafts rejoins a draft up to its sign-off, and only then', function () {
  var bot = function (t) { return { who: 'bot', text: t }; };
  assert.deepEqual(transport.mergeSplitDrafts([bot('Intro'), bot('Subject: Hi'), bot('Dear A,'), bot('Thanks!\nB'), bot('More?')]),
    [bot('Intro'), { who: 'bot', text: 'Subject: Hi\n\nDear A,\n\nThanks!\nB', draft: true }, bot('More?')]);
  var unsigned = [bot('Subject: x'), bot('Hi'), bot('no sign-off')];
  assert.deepEqual(transport.mergeSplitDrafts(unsigned), unsigned);
});

test('post sends the sender and message as JSON without credentials', async function () {
  var seen;
  global.fetch = function (url, init) { seen = { url: url, init: init }; return Promise.resolve(response(200, '[{"text":"hi"}]')); };
  assert.deepEqual(await poster()('hello'), [{ text: 'hi' }]);
  assert.equal(seen.url, 'http://bot.test:5005/webhooks/rest/webhook');
  assert.equal(seen.init.method, 'POST');
  assert.equal(seen.init.credentials, 'omit');
  assert.equal(seen.init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(seen.init.body), { sender: 'amy-1', message: 'hello' });
});

test('post reads an empty body as no replies', async function () {
  global.fetch = function () { return Promise.resolve(response(200, '  ')); };
  assert.deepEqual(await poster()('x'), []);
});

test('post names each failure: http, parse, network, timeout', async function () {
  var kinds = [];
  var cases = [
    function () { return Promise.resolve(response(500, 'oops')); },
    function () { return Promise.resolve(response(200, '<html>')); },
    function () { return Promise.resolve(response(200, '{"text": "not an array"}')); },
    function () { return Promise.reject(new TypeError('Failed to fetch')); },
    function () { return new Promise(function () {}); }
  ];
  for (var i = 0; i < cases.length; i++) {
    global.fetch = cases[i];
    try { await poster(30)('x'); kinds.push('ok'); } catch (err) { kinds.push(err.kind + (err.status ? err.status : '')); }
  }
  assert.deepEqual(kinds, ['http500', 'parse', 'parse', 'network', 'timeout']);
});

test('a request refused by CORS is told apart from a server that is down by a no-cors probe', async function () {
  var calls = [];
  global.fetch = function (url, init) {
    calls.push([url, init.mode]);
    return init.mode === 'no-cors' ? Promise.resolve({ type: 'opaque', ok: false, status: 0 }) : Promise.reject(new TypeError('Failed to fetch'));
  };
  var err = null;
  try { await poster()('x'); } catch (e) { err = e; }
  assert.equal(err.kind, 'cors');
  assert.deepEqual(calls, [['http://bot.test:5005/webhooks/rest/webhook', 'cors'], ['http://bot.test:5005/', 'no-cors']]);
  global.fetch = function () { return Promise.reject(new TypeError('Failed to fetch')); };
  assert.equal(await transport.networkOrCors('http://bot.test:5005/webhooks/rest/webhook'), 'network');
  assert.match(transport.corsAdvice('http://bot.test:5005', 'https://site.example'),
    /refused this page's origin \(https:\/\/site\.example\)\. Add https:\/\/site\.example to CORS_ORIGINS/);
});

test('send shows the text, queues the payload and sends one message at a time, in order', async function () {
  var sent = [];
  var shown = [];
  var resolvers = [];
  var w = {
    isOpen: true, queue: [], busy: false, generation: 0, cfg: {}, sessionId: 's',
    addEntry: function (e) { shown.push(e.who + ':' + e.text); },
    updateSendState: function () {}, setTyping: function () {}, showError: function () {}, revealReply: function () {},
    post: function (m) { sent.push(m); return new Promise(function (r) { resolvers.push(r); }); }
  };
  Object.keys(transport.methods).forEach(function (k) { if (k === 'send' || k === 'pump') w[k] = transport.methods[k]; });
  w.send('  Yes  ', '/affirm');
  w.send('second');
  w.send('   ');
  assert.deepEqual(sent, ['/affirm']);
  resolvers[0]([{ text: 'one' }]);
  await fake.settle();
  assert.deepEqual(sent, ['/affirm', 'second']);
  resolvers[1]([]);
  await fake.settle();
  assert.deepEqual(shown, ['user:Yes', 'user:second', 'bot:one']);
  assert.equal(w.busy, false);
});

test('a reply for an older generation (after a reset) is dropped', async function () {
  var resolve;
  var shown = [];
  var w = {
    isOpen: true, queue: [], busy: false, generation: 0,
    addEntry: function (e) { shown.push(e.text); }, updateSendState: function () {}, setTyping: function () {},
    post: function () { return new Promise(function (r) { resolve = r; }); },
    pump: transport.methods.pump, send: transport.methods.send
  };
  w.send('hi');
  w.generation++;
  resolve([{ text: 'late' }]);
  await fake.settle();
  assert.deepEqual(shown, ['hi']);
});

test('showError for a refused origin names CORS_ORIGINS, on the page and in the console', function () {
  fake.installDom();
  var log = document.createElement('div');
  var logged = [];
  var realError = console.error;
  console.error = function (m) { logged.push(m); };
  try {
    transport.methods.showError.call({ log: log, cfg: { server: 'http://bot.test:5005/' }, scrollToBottom: function () {} }, 'hi', { kind: 'cors' });
  } finally {
    console.error = realError;
  }
  var box = log.querySelector('.askamy-error');
  assert.equal(box.getAttribute('data-error-kind'), 'cors');
  assert.equal(box.querySelector('.askamy-error-text').textContent, "This site isn't allowed to reach the Ask Amy server yet.");
  assert.equal(box.querySelector('.askamy-error-detail').textContent, 'The site owner can add it to CORS_ORIGINS.');
  assert.ok(box.querySelector('.askamy-retry'));
  assert.equal(logged.length, 1);
  assert.match(logged[0], /http:\/\/bot\.test:5005 is up but refused .* CORS_ORIGINS/);
});

test('showError shows the message, its kind and a Retry that resends once', function () {
  fake.installDom();
  var log = document.createElement('div');
  var pumped = 0;
  var w = {
    log: log, queue: [], generation: 3, input: document.createElement('textarea'),
    scrollToBottom: function () {}, pump: function () { pumped++; }
  };
  transport.methods.showError.call(w, '/affirm', { kind: 'http', status: 502 });
  var box = log.querySelector('.askamy-error');
  assert.equal(box.getAttribute('role'), 'alert');
  assert.equal(box.getAttribute('data-error-kind'), 'http');
  assert.equal(box.querySelector('.askamy-error-text').textContent, transport.ERROR_TEXT);
  assert.equal(box.querySelector('.askamy-error-detail').textContent, 'The server answered with an error (502).');
  var retry = box.querySelector('.askamy-retry');
  assert.equal(retry.getAttribute('aria-label'), 'Retry sending your message');
  retry.focus();
  retry.click();
  assert.equal(log.querySelector('.askamy-error'), null);
  assert.deepEqual(w.queue, [{ message: '/affirm', generation: 3 }]);
  assert.equal(pumped, 1);
  assert.equal(document.activeElement, w.input);
});
