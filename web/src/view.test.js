'use strict';
// Unit tests of view.js (run by tests/web/test_widget_modules.py with `node --test`).
var test = require('node:test');
var assert = require('node:assert/strict');
var fake = require('./testing/fake-dom');
var helper = require('./testing/widget');
var storage = require('./storage');
var view = require('./view');

test.afterEach(fake.uninstallDom);

var GREETING = 'Hi! Waiting to hear back after an interview? Ask me.';

test('build makes the documented DOM: ids, classes, roles and names', function () {
  var w = helper.buildWidget({ title: 'Ask Amy', color: '#123456' }).w;
  var root = document.body.querySelector('#askamy-root');
  assert.equal(root, w.root);
  assert.equal(root.className, 'askamy-root');
  assert.equal(root.getAttribute('data-askamy-version'), view.VERSION);
  assert.equal(root.style['--askamy-accent'], '#123456');
  var launcher = root.querySelector('#askamy-launcher');
  assert.deepEqual([launcher.getAttribute('aria-label'), launcher.getAttribute('aria-expanded'), launcher.getAttribute('aria-controls')],
    ['Chat with Ask Amy', 'false', 'askamy-panel']);
  assert.equal(launcher.querySelector('svg').namespaceURI, 'http://www.w3.org/2000/svg');
  var panel = root.querySelector('#askamy-panel');
  assert.deepEqual([panel.getAttribute('role'), panel.hidden, panel.getAttribute('aria-labelledby')], ['dialog', true, 'askamy-title']);
  assert.equal(root.querySelector('#askamy-title').textContent, 'Ask Amy');
  var log = root.querySelector('#askamy-messages');
  assert.deepEqual([log.getAttribute('role'), log.getAttribute('aria-live'), log.getAttribute('aria-label')],
    ['log', 'polite', 'Conversation with Ask Amy']);
  var typing = root.querySelector('#askamy-typing');
  assert.deepEqual([typing.getAttribute('role'), typing.getAttribute('aria-label'), typing.hidden], ['status', 'Amy is typing', true]);
  assert.equal(root.querySelector('#askamy-input').getAttribute('aria-label'), 'Type your question');
  assert.equal(root.querySelector('#askamy-send').getAttribute('aria-label'), 'Send message');
  assert.equal(root.querySelector('#askamy-new').getAttribute('aria-label'), 'Start a new conversation');
  assert.equal(root.querySelector('#askamy-close').getAttribute('aria-label'), 'Close chat');
  // Root order: the panel, then the launcher.
  assert.deepEqual(root.children.map(function (c) { return c.getAttribute('id'); }), ['askamy-panel', 'askamy-launcher']);
});

test('opening shows the greeting once, remembers it is open and focuses the input', function () {
  var built = helper.buildWidget();
  var w = built.w;
  w.launcher.click();
  assert.equal(w.isOpen, true);
  assert.equal(w.panel.hidden, false);
  assert.equal(w.launcher.getAttribute('aria-expanded'), 'true');
  assert.ok(w.root.classList.contains('askamy-is-open'));
  assert.equal(built.win.localStorage.data['askamy.open'], '1');
  assert.equal(document.activeElement, w.input);
  assert.deepEqual(helper.messages(w), ['bot: ' + GREETING]);
  assert.ok(w.log.querySelector('.askamy-msg--greeting'));
  w.close(true);
  w.open();
  assert.deepEqual(helper.messages(w), ['bot: ' + GREETING]);
});

test('Escape closes the panel and gives focus back to the launcher', function () {
  var built = helper.buildWidget();
  var w = built.w;
  w.open();
  var ev = w.input.dispatch('keydown', { key: 'Escape' });
  assert.equal(ev.defaultPrevented, true);
  assert.equal(w.isOpen, false);
  assert.equal(w.panel.hidden, true);
  assert.equal(built.win.localStorage.data['askamy.open'], '0');
  assert.equal(document.activeElement, w.launcher);
});

test('entries render as bot, user, draft and quick-reply messages with screen-reader prefixes', function () {
  var w = helper.buildWidget().w;
  var bot = w.renderEntry({ who: 'bot', text: 'See https://ex.com' });
  var user = w.renderEntry({ who: 'user', text: '<b>hi</b> https://ex.com' });
  var draft = w.renderEntry({ who: 'bot', text: 'Subject: Hi\n\nBody' });
  var quick = w.renderEntry({ who: 'bot', text: 'Pick', buttons: [{ title: 'A', payload: 'a' }] });
  assert.equal(bot.className, 'askamy-msg askamy-msg--bot');
  assert.equal(bot.getAttribute('data-sender'), 'bot');
  assert.equal(bot.querySelector('.askamy-sr').textContent, 'Amy said: ');
  assert.equal(bot.querySelectorAll('a').length, 1);
  assert.equal(user.className, 'askamy-msg askamy-msg--user');
  assert.equal(user.querySelector('.askamy-sr').textContent, 'You said: ');
  assert.equal(user.querySelectorAll('a').length, 0);
  assert.equal(user.querySelector('.askamy-msg-text').textContent, '<b>hi</b> https://ex.com');
  assert.equal(draft.className, 'askamy-msg askamy-msg--bot askamy-msg--draft');
  assert.ok(draft.querySelector('.askamy-copy'));
  assert.ok(quick.querySelector('.askamy-quick-replies'));
});

test('addEntry stores the transcript and keeps the log to the cap', function () {
  var built = helper.buildWidget();
  var w = built.w;
  for (var i = 0; i < storage.MAX_TRANSCRIPT + 3; i++) w.addEntry({ who: 'user', text: 'm' + i });
  assert.equal(w.log.querySelectorAll('.askamy-msg').length, storage.MAX_TRANSCRIPT);
  assert.equal(helper.messages(w)[0], 'user: m3');
  assert.equal(JSON.parse(built.win.localStorage.data['askamy.transcript']).length, storage.MAX_TRANSCRIPT);
});

test('a reload shows the stored conversation with the same session id', function () {
  var stored = { 'askamy.session': 'amy-0123456789abcdef', 'askamy.transcript': JSON.stringify([{ who: 'user', text: 'hi' }]) };
  var w = helper.buildWidget(null, { stored: stored }).w;
  assert.equal(w.sessionId, 'amy-0123456789abcdef');
  assert.deepEqual(helper.messages(w), ['user: hi']);
});

test('Enter submits the trimmed text, Shift+Enter does not', function () {
  var w = helper.buildWidget().w;
  var sent = [];
  w.send = function (t) { sent.push(t); };
  w.input.value = '  hello \n';
  w.input.dispatch('keydown', { key: 'Enter', shiftKey: true });
  assert.deepEqual(sent, []);
  w.input.dispatch('keydown', { key: 'Enter' });
  assert.deepEqual(sent, ['hello']);
  assert.equal(w.input.value, '');
  w.input.dispatch('keydown', { key: 'Enter' });
  assert.deepEqual(sent, ['hello']);
});

test('New conversation clears the log, makes a new session id and greets again', function () {
  var built = helper.buildWidget();
  var w = built.w;
  w.open();
  w.addEntry({ who: 'user', text: 'hi' });
  var before = w.sessionId;
  var generation = w.generation;
  w.newBtn.click();
  assert.notEqual(w.sessionId, before);
  assert.equal(w.generation, generation + 1);
  assert.equal(built.win.localStorage.data['askamy.session'], w.sessionId);
  assert.deepEqual(helper.messages(w), ['bot: ' + GREETING]);
  assert.equal(w.liveNote.getAttribute('id'), 'askamy-announcer');
  w.dismissUndo();  // the Undo bar's timer (restart.test.js tests the bar)
});

test('typing indicator and busy state', function () {
  var w = helper.buildWidget().w;
  w.setTyping(true);
  assert.equal(w.typing.hidden, false);
  assert.equal(w.log.getAttribute('aria-busy'), 'true');
  w.busy = true;
  w.updateSendState();
  assert.equal(w.sendBtn.getAttribute('aria-busy'), 'true');
  w.setTyping(false);
  assert.equal(w.typing.hidden, true);
});

test('another tab changing the conversation is followed', function () {
  var built = helper.buildWidget();
  var w = built.w;
  w.open({ focus: false });
  built.win.localStorage.data['askamy.session'] = 'amy-othertab12345';
  built.win.localStorage.data['askamy.transcript'] = JSON.stringify([{ who: 'user', text: 'from the other tab' }]);
  built.win.dispatch('storage', { key: 'askamy.transcript' });
  assert.equal(w.sessionId, 'amy-othertab12345');
  assert.deepEqual(helper.messages(w), ['user: from the other tab']);
  delete built.win.localStorage.data['askamy.transcript'];
  built.win.dispatch('storage', { key: null });
  assert.deepEqual(helper.messages(w), ['bot: ' + GREETING]);
  assert.equal(built.win.localStorage.data['askamy.transcript'], undefined);
});
