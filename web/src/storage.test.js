'use strict';
// Unit tests of storage.js (run by tests/web/test_widget_modules.py with `node --test`).
var test = require('node:test');
var assert = require('node:assert/strict');
var webcrypto = require('crypto').webcrypto;
var fake = require('./testing/fake-dom');
var storage = require('./storage');

var BUTTONS = [{ title: 'Yes', payload: '/affirm' }, { title: 'No', payload: '/deny' }];

test('the keys and the cap are the documented ones', function () {
  assert.deepEqual([storage.KEY_SESSION, storage.KEY_TRANSCRIPT, storage.KEY_OPEN, storage.MAX_TRANSCRIPT],
    ['askamy.session', 'askamy.transcript', 'askamy.open', 200]);
});

test('capTranscript keeps the last entries and copies', function () {
  var list = [1, 2, 3, 4];
  assert.deepEqual(storage.capTranscript(list, 2), [3, 4]);
  assert.notEqual(storage.capTranscript(list), list);
  assert.deepEqual(storage.capTranscript('nope'), []);
});

test('chosenIndex accepts only a whole number within the buttons', function () {
  var e = { buttons: BUTTONS };
  assert.deepEqual([0, 1, 2, -1, 0.5, '0'].map(function (v) { return storage.chosenIndex(e, v); }),
    [0, 1, null, null, null, null]);
  assert.equal(storage.chosenIndex({}, 0), null);
});

test('sanitizeTranscript drops malformed entries and unknown fields', function () {
  var out = storage.sanitizeTranscript([
    { who: 'bot', text: 'ok', greeting: true, draft: 1, evil: '<b>' },
    { who: 'evil', text: 'x' }, null, { who: 'user', text: 5 },
    { who: 'bot', text: 'pick', buttons: [{ title: 'A' }, { payload: 'x' }, BUTTONS[1]], chosen: 1 }
  ]);
  assert.deepEqual(out, [
    { who: 'bot', text: 'ok', greeting: true, draft: true },
    { who: 'bot', text: 'pick', buttons: [{ title: 'A', payload: 'A' }, BUTTONS[1]], chosen: 1 }
  ]);
  assert.deepEqual(storage.sanitizeTranscript({}), []);
});

test('makeSessionId is amy- and 32 hex characters', function () {
  var a = storage.makeSessionId(webcrypto);
  assert.match(a, /^amy-[0-9a-f]{32}$/);
  assert.notEqual(a, storage.makeSessionId(webcrypto));
  assert.equal(storage.makeSessionId({ getRandomValues: function (b) { b.fill(10); } }), 'amy-' + '0a'.repeat(16));
});

test('randomSessionId refuses a browser without crypto.getRandomValues', function () {
  assert.throws(function () { storage.randomSessionId({}); }, /crypto.getRandomValues/);
  assert.match(storage.randomSessionId({ msCrypto: webcrypto }), /^amy-/);
});

test('the store uses localStorage, and memory when localStorage is blocked', function () {
  var win = { localStorage: fake.createLocalStorage() };
  var store = storage.createStore(win);
  store.set('k', 1);
  assert.equal(win.localStorage.data.k, '1');
  assert.equal(store.get('k'), '1');
  store.remove('k');
  assert.equal(store.get('k'), null);

  var blocked = storage.createStore({ localStorage: fake.createLocalStorage(true) });
  assert.equal(blocked.get('k'), null);
  blocked.set('k', 2);
  assert.equal(blocked.get('k'), '2');
  blocked.remove('k');
  assert.equal(blocked.get('k'), null);
});

test('loadSession keeps a well-formed id and replaces a malformed one', function () {
  var win = { localStorage: fake.createLocalStorage(), crypto: webcrypto };
  var store = storage.createStore(win);
  var id = storage.loadSession(store, win);
  assert.match(id, /^amy-[0-9a-f]{32}$/);
  assert.equal(store.get(storage.KEY_SESSION), id);
  assert.equal(storage.loadSession(store, win), id);
  store.set(storage.KEY_SESSION, 'bad id <script>');
  assert.notEqual(storage.loadSession(store, win), 'bad id <script>');
});

test('the transcript is saved capped and read back sanitized', function () {
  var store = storage.createStore({ localStorage: fake.createLocalStorage() });
  assert.deepEqual(storage.loadTranscript(store), []);
  var many = [];
  for (var i = 0; i < 205; i++) many.push({ who: 'user', text: 'm' + i });
  storage.saveTranscript(store, many);
  var back = storage.loadTranscript(store);
  assert.equal(back.length, 200);
  assert.equal(back[0].text, 'm5');
  store.set(storage.KEY_TRANSCRIPT, '{not json');
  assert.deepEqual(storage.loadTranscript(store), []);
});
