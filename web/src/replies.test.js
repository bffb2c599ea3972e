'use strict';
// Unit tests of replies.js (run by tests/web/test_widget_modules.py with `node --test`).
var test = require('node:test');
var assert = require('node:assert/strict');
var fake = require('./testing/fake-dom');
var storage = require('./storage');
var replies = require('./replies');

var BUTTONS = [{ title: 'Waiting', payload: '/choose_topic{"topic":"ask_wait_time"}' }, { title: 'Something else', payload: 'skip' }];
var DRAFT = "Here's a draft:\n  Subject: Following up: Smith & Co?\n\nHi Zoë,\nThanks!\n";

test.afterEach(fake.uninstallDom);

/** A stand-in widget with what the quick replies and the draft actions use. */
function widget(win) {
  var sent = [];
  var announced = [];
  return {
    sent: sent, announced: announced,
    store: storage.createStore(win), transcript: [],
    input: document.createElement('textarea'),
    send: function (text, payload) { sent.push([text, payload]); },
    announce: function (text) { announced.push(text); },
    renderDraftActions: replies.methods.renderDraftActions,
    renderQuickReplies: replies.methods.renderQuickReplies
  };
}

test('email drafts: detection, the text to copy, subject and body', function () {
  assert.equal(replies.isEmailDraft(DRAFT), true);
  assert.equal(replies.isEmailDraft('No subject line. Subject: inline'), false);
  assert.equal(replies.draftText(DRAFT), 'Subject: Following up: Smith & Co?\n\nHi Zoë,\nThanks!');
  assert.equal(replies.draftText(' plain '), 'plain');
  assert.deepEqual(replies.draftParts(DRAFT), { subject: 'Following up: Smith & Co?', body: 'Hi Zoë,\nThanks!' });
  assert.deepEqual(replies.draftParts('no subject'), { subject: '', body: 'no subject' });
});

test('mailtoLink percent-encodes the subject and the body with CRLF line breaks', function () {
  assert.equal(replies.mailtoLink(DRAFT),
    'mailto:?subject=Following%20up%3A%20Smith%20%26%20Co%3F&body=Hi%20Zo%C3%AB%2C%0D%0AThanks!');
  assert.equal(replies.mailtoLink('Subject: Only'), 'mailto:?subject=Only');
  assert.equal(replies.mailtoLink(''), 'mailto:');
});

test('chooseButton answers a row once, with a valid index only', function () {
  var e = { buttons: BUTTONS };
  assert.deepEqual([replies.chooseButton(e, 2), replies.chooseButton(e, -1), replies.chooseButton(e, 0.5)], [false, false, false]);
  assert.equal(e.chosen, undefined);
  assert.equal(replies.chooseButton(e, 1), true);
  assert.equal(replies.chooseButton(e, 0), false);
  assert.equal(e.chosen, 1);
  assert.equal(replies.chooseButton(null, 0), false);
});

test('a quick reply shows its title, sends its payload, answers the row and stores the choice', function () {
  var win = fake.installDom();
  var w = widget(win);
  var entry = { who: 'bot', text: 'Which?', buttons: BUTTONS };
  w.transcript.push(entry);
  var row = w.renderQuickReplies(entry);
  assert.equal(row.className, 'askamy-quick-replies');
  assert.equal(row.getAttribute('role'), 'group');
  assert.equal(row.getAttribute('aria-label'), 'Reply options');
  var qbs = row.querySelectorAll('.askamy-quick-reply');
  assert.deepEqual(qbs.map(function (b) { return b.textContent; }), ['Waiting', 'Something else']);
  qbs[0].focus();
  qbs[0].click();
  qbs[1].click();
  assert.deepEqual(w.sent, [['Waiting', BUTTONS[0].payload]]);
  assert.equal(row.getAttribute('data-answered'), 'true');
  assert.deepEqual(qbs.map(function (b) { return [b.disabled, b.getAttribute('data-chosen')]; }), [[true, 'true'], [true, null]]);
  assert.equal(JSON.parse(win.localStorage.data['askamy.transcript'])[0].chosen, 0);
  assert.equal(document.activeElement, w.input);
});

test('a row answered before a reload is rendered answered', function () {
  var w = widget(fake.installDom());
  var row = w.renderQuickReplies({ who: 'bot', text: 'Which?', buttons: BUTTONS, chosen: 1 });
  assert.equal(row.getAttribute('data-answered'), 'true');
  assert.equal(row.querySelectorAll('[data-chosen]')[0].textContent, 'Something else');
});

test('the draft actions: a mailto: link, Copy (the body) and Copy subject', async function () {
  var w = widget(fake.installDom());
  var actions = w.renderDraftActions({ who: 'bot', text: DRAFT });
  assert.equal(actions.className, 'askamy-msg-actions');
  var mailto = actions.querySelector('.askamy-mailto');
  assert.equal(mailto.textContent, 'Open in my email app');
  assert.equal(mailto.href, replies.mailtoLink(DRAFT));
  var copy = actions.querySelector('.askamy-copy');
  assert.equal(copy.getAttribute('aria-label'), 'Copy email draft');
  copy.click();
  await fake.settle();
  assert.equal(document.copied, 'Hi Zoë,\nThanks!');
  assert.equal(copy.textContent, 'Copied');
  assert.equal(copy.getAttribute('data-copied'), 'true');
  assert.deepEqual(w.announced, ['Email draft copied to the clipboard.']);
  assert.equal(document.body.querySelectorAll('textarea').length, 0);
  var subject = actions.querySelector('.askamy-copy-subject');
  assert.deepEqual([subject.tagName, subject.getAttribute('type'), subject.getAttribute('aria-label'), subject.textContent],
    ['BUTTON', 'button', 'Copy subject of the email draft', 'Copy subject']);
  assert.deepEqual(actions.children.map(function (c) { return c.className; }), ['askamy-copy', 'askamy-copy-subject', 'askamy-mailto']);
  subject.click();
  await fake.settle();
  assert.equal(document.copied, 'Following up: Smith & Co?');
  assert.deepEqual(w.announced, ['Email draft copied to the clipboard.', 'Email subject copied to the clipboard.']);
  // A custom-payload draft without a Subject: line has nothing for Copy subject.
  var plain = w.renderDraftActions({ who: 'bot', text: 'Hi Zoë,\nThanks!', draft: true });
  assert.equal(plain.querySelector('.askamy-copy-subject'), null);
});

test('rows followed by a typed message are retired; the newest row stays open', function () {
  var w = widget(fake.installDom());
  w.log = document.createElement('div');
  w.retireQuickReplies = replies.methods.retireQuickReplies;
  function message(sender, entry) {
    var msg = document.createElement('div');
    msg.className = 'askamy-msg';
    msg.setAttribute('data-sender', sender);
    if (entry) msg.appendChild(w.renderQuickReplies(entry));
    w.log.appendChild(msg);
    return msg;
  }
  var chosen = message('bot', { who: 'bot', text: 'A?', buttons: BUTTONS, chosen: 1 }).querySelector('.askamy-quick-replies');
  var old = message('bot', { who: 'bot', text: 'B?', buttons: BUTTONS }).querySelector('.askamy-quick-replies');
  message('user');
  var newest = message('bot', { who: 'bot', text: 'C?', buttons: BUTTONS }).querySelector('.askamy-quick-replies');
  w.retireQuickReplies();
  assert.equal(chosen.getAttribute('data-answered'), 'true');
  assert.equal(old.getAttribute('data-answered'), 'typed');
  assert.deepEqual(old.querySelectorAll('.askamy-quick-reply').map(function (b) { return [b.disabled, b.getAttribute('data-chosen')]; }),
    [[true, null], [true, null]]);
  assert.equal(newest.getAttribute('data-answered'), null);
  assert.equal(newest.querySelectorAll('.askamy-quick-reply')[0].disabled, false);
  // A retired row ignores a click that still reaches it.
  old.querySelectorAll('.askamy-quick-reply')[0].dispatch('click');
  assert.deepEqual(w.sent, []);
});

test('the placeholder follows the bot\'s question', function () {
  assert.equal(replies.placeholderFor("Let's write it. Who should the email go to? Just their name is fine (for example, Priya Patel)."),
    'Their name, for example Priya Patel');
  assert.equal(replies.placeholderFor('Which role and company is it for? (for example, "the product designer role at Acme")'),
    'The role and company');
  assert.equal(replies.placeholderFor('Was there a moment in the interview you both enjoyed? Tell me in a few words, or say "skip".'),
    'A moment you shared, or skip');
  assert.equal(replies.placeholderFor('My advice is to email.'), replies.DEFAULT_PLACEHOLDER);
  assert.equal(replies.placeholderFor(''), 'Ask about following up\u2026');
  var w = widget(fake.installDom());
  w.updatePlaceholder = replies.methods.updatePlaceholder;
  w.transcript.push({ who: 'bot', text: 'Which role and company is it for?' });
  w.updatePlaceholder();
  assert.equal(w.input.getAttribute('placeholder'), 'The role and company');
  w.transcript.push({ who: 'user', text: 'analyst at Acme' });
  w.updatePlaceholder();
  assert.equal(w.input.getAttribute('placeholder'), replies.DEFAULT_PLACEHOLDER);
});

test('copyToClipboard uses the Clipboard API in a secure context', async function () {
  var win = fake.installDom();
  var written = [];
  win.navigator = { clipboard: { writeText: function (t) { written.push(t); return Promise.resolve(); } } };
  win.isSecureContext = true;
  // Newer Node has its own global navigator (a getter): replace it for this test only.
  var own = Object.getOwnPropertyDescriptor(global, 'navigator');
  Object.defineProperty(global, 'navigator', { value: win.navigator, configurable: true, writable: true });
  try {
    await replies.copyToClipboard('hello');
  } finally {
    if (own) Object.defineProperty(global, 'navigator', own); else delete global.navigator;
  }
  assert.deepEqual(written, ['hello']);
});
