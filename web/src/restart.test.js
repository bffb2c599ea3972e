'use strict';
// Unit tests of restart.js (run by tests/web/test_widget_modules.py with `node --test`).
var test = require('node:test');
var assert = require('node:assert/strict');
var fake = require('./testing/fake-dom');
var helper = require('./testing/widget');
var restart = require('./restart');

test.afterEach(fake.uninstallDom);

var GREETING = 'Hi! Waiting to hear back after an interview? Ask me.';

function withConversation() {
  var built = helper.buildWidget();
  var w = built.w;
  w.open();
  w.addEntry({ who: 'user', text: 'write the email' });
  w.addEntry({ who: 'bot', text: 'Subject: Hi\n\nHi Priya,\n\nThanks!\nSam' });
  return built;
}

test('New conversation starts afresh and offers Undo, which brings the conversation and session back', function () {
  var built = withConversation();
  var w = built.w;
  var session = w.sessionId;
  w.newBtn.click();
  assert.deepEqual(helper.messages(w), ['bot: ' + GREETING]);
  assert.notEqual(w.sessionId, session);
  var bar = w.panel.querySelector('.askamy-undo');
  assert.equal(bar.hidden, false);
  assert.equal(bar.querySelector('.askamy-undo-text').textContent, restart.UNDO_TEXT);
  // Before the input's form, so Shift+Tab from the input reaches it.
  var order = w.panel.children;
  assert.equal(order.indexOf(bar) + 1, order.indexOf(w.form));
  var undo = w.panel.querySelector('#askamy-undo');
  assert.deepEqual([undo.tagName, undo.getAttribute('type'), undo.getAttribute('aria-label')],
    ['BUTTON', 'button', 'Undo: bring back the previous conversation']);
  undo.focus();
  undo.click();
  assert.equal(w.sessionId, session);
  assert.equal(built.win.localStorage.data['askamy.session'], session);
  assert.deepEqual(helper.messages(w), ['bot: ' + GREETING, 'user: write the email', 'bot: Subject: Hi\n\nHi Priya,\n\nThanks!\nSam']);
  assert.equal(JSON.parse(built.win.localStorage.data['askamy.transcript']).length, 3);
  assert.equal(bar.hidden, true);
  assert.equal(document.activeElement, w.input);
});

test('Undo goes away after a few seconds, when a message is sent, or on a reset', async function () {
  var w = withConversation().w;
  w.undoMs = 20;
  w.newBtn.click();
  var bar = w.panel.querySelector('.askamy-undo');
  assert.equal(bar.hidden, false);
  w.undoBtn.focus();
  await new Promise(function (r) { setTimeout(r, 60); });
  assert.equal(bar.hidden, true);
  assert.equal(w.undoStash, null);
  assert.equal(document.activeElement, w.input);  // focus is not lost with the bar

  w.addEntry({ who: 'user', text: 'again' });
  w.newBtn.click();
  assert.equal(bar.hidden, false);
  w.addEntry({ who: 'user', text: 'a new question' });
  assert.equal(bar.hidden, true);

  w.newBtn.click();
  assert.equal(bar.hidden, false);
  w.reset();  // window.AskAmy.reset() and Delete this conversation: no Undo
  assert.equal(bar.hidden, true);
  w.undoReset();
  assert.deepEqual(helper.messages(w), ['bot: ' + GREETING]);
});

test('a conversation of only the greeting gets no Undo', function () {
  var w = helper.buildWidget().w;
  w.open();
  w.newBtn.click();
  assert.equal(w.panel.querySelector('.askamy-undo'), null);
  assert.equal(restart.worthKeeping([{ who: 'bot', text: GREETING, greeting: true }]), false);
  assert.equal(restart.worthKeeping([{ who: 'user', text: 'hi' }]), true);
});
