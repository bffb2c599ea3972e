'use strict';
// Unit tests of privacy.js (run by tests/web/test_widget_modules.py with `node --test`).
var test = require('node:test');
var assert = require('node:assert/strict');
var fake = require('./testing/fake-dom');
var helper = require('./testing/widget');
var privacy = require('./privacy');

var realFetch = global.fetch;
test.afterEach(function () {
  global.fetch = realFetch;
  fake.uninstallDom();
});

function answer(status) {
  return Promise.resolve({ ok: status === 200, status: status, json: function () { return Promise.resolve({}); } });
}

test('forgetUrl is the privacy webhook of the server', function () {
  assert.equal(privacy.forgetUrl('https://bot.example.com//'), 'https://bot.example.com/webhooks/privacy/forget');
});

test('the menu button comes first in the header actions and opens a one-item menu', function () {
  var w = helper.buildWidget().w;
  var actions = w.panel.querySelector('.askamy-header-actions');
  assert.deepEqual(actions.children.map(function (c) { return c.getAttribute('id'); }),
    ['askamy-menu-button', 'askamy-new', 'askamy-close']);
  assert.deepEqual([w.menuBtn.getAttribute('aria-haspopup'), w.menuBtn.getAttribute('aria-expanded')], ['menu', 'false']);
  assert.equal(w.menu.getAttribute('role'), 'menu');
  assert.equal(w.menu.hidden, true);
  w.menuBtn.click();
  assert.equal(w.menu.hidden, false);
  assert.equal(w.menuBtn.getAttribute('aria-expanded'), 'true');
  assert.equal(document.activeElement, w.deleteItem);
  assert.equal(w.deleteItem.textContent, 'Delete this conversation');
  assert.equal(w.deleteItem.getAttribute('role'), 'menuitem');
});

test('Escape in the menu closes it and gives focus back to its button; a click elsewhere closes it', function () {
  var w = helper.buildWidget().w;
  w.open();
  w.toggleMenu(true);
  w.deleteItem.dispatch('keydown', { key: 'Escape' });
  assert.equal(w.menu.hidden, true);
  assert.equal(w.isOpen, true); // the panel stays open
  assert.equal(document.activeElement, w.menuBtn);
  w.toggleMenu(true);
  w.log.click();
  assert.equal(w.menu.hidden, true);
});

test('deleting asks the server to forget this sender, then starts afresh and says so', async function () {
  var built = helper.buildWidget();
  var w = built.w;
  w.open();
  w.addEntry({ who: 'user', text: 'secret' });
  var sid = w.sessionId;
  var seen;
  global.fetch = function (url, init) { seen = [url, JSON.parse(init.body), init.credentials]; return answer(200); };
  var first = w.deleteConversation();
  assert.equal(await w.deleteConversation(), false); // one at a time
  assert.equal(await first, true);
  assert.deepEqual(seen, ['http://bot.test/webhooks/privacy/forget', { sender: sid }, 'omit']);
  assert.notEqual(w.sessionId, sid);
  assert.deepEqual(helper.messages(w).slice(-1), ['bot: ' + privacy.DELETED_TEXT]);
  assert.equal(w.deleteItem.hasAttribute('aria-disabled'), false);
});

test('a failed delete changes nothing and says so once', async function () {
  var w = helper.buildWidget().w;
  w.addEntry({ who: 'user', text: 'keep me' });
  var sid = w.sessionId;
  global.fetch = function () { return answer(500); };
  assert.equal(await w.deleteConversation(), false);
  global.fetch = function () { return Promise.reject(new TypeError('offline')); };
  assert.equal(await w.deleteConversation(), false);
  assert.equal(w.sessionId, sid);
  assert.deepEqual(helper.messages(w), ['user: keep me']);
  var errors = w.log.querySelectorAll('.askamy-delete-error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].querySelector('.askamy-error-text').textContent, privacy.DELETE_FAILED_TEXT);
});
