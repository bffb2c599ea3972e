'use strict';
// Unit tests of boot.js (run by tests/web/test_widget_modules.py with `node --test`).
var test = require('node:test');
var assert = require('node:assert/strict');
var fake = require('./testing/fake-dom');
var boot = require('./boot');

test.afterEach(fake.uninstallDom);

/** The page with the widget's <script> tag, as the browser has it while the script runs. */
function page(src, dataset, options) {
  var win = fake.installDom(options);
  var script = document.createElement('script');
  script.setAttribute('src', src);
  script.src = src;
  script.dataset = dataset || {};
  document.body.appendChild(script);
  document.currentScript = script;
  return win;
}

test('mergeConfig: defaults < data-* < AskAmyConfig, with empty values ignored', function () {
  var cfg = boot.mergeConfig({ server: 'http://a:1/', title: 'T', timeout: '100' }, { server: 'http://b:2', greeting: '' });
  assert.deepEqual(cfg, {
    server: 'http://b:2', title: 'T', greeting: boot.DEFAULTS.greeting, timeout: 100, stylesheet: '', color: ''
  });
  assert.equal(boot.mergeConfig().timeout, 15000);
});

test('the pure helpers are the documented set', function () {
  assert.deepEqual(Object.keys(boot.pure).sort(), [
    'ERROR_TEXT', 'MAX_TRANSCRIPT', 'VERSION', 'capTranscript', 'chooseButton', 'chosenIndex', 'draftParts',
    'draftText', 'forgetUrl', 'isEmailDraft', 'isHttpUrl', 'linkify', 'mailtoLink', 'makeSessionId',
    'mergeConfig', 'mergeSplitDrafts', 'normalizeServer', 'parseTimeout', 'repliesToEntries',
    'sanitizeTranscript', 'trimUrl', 'webhookUrl'
  ]);
});

test('under Node, run() exports the pure helpers and builds nothing', function () {
  var nodeModule = { exports: {} };
  var global = {};
  boot.run(global, nodeModule);
  assert.equal(nodeModule.exports, boot.pure);
  assert.equal(global.AskAmy, undefined);
});

test('the server defaults to the script origin and the stylesheet sits next to the script', function () {
  page('https://bot.example.com/web/amy-widget.js', { title: 'Help' });
  var script = boot.findScript();
  var cfg = boot.readConfig({}, script);
  assert.equal(cfg.server, 'https://bot.example.com');
  assert.equal(cfg.title, 'Help');
  assert.equal(boot.readConfig({ AskAmyConfig: { title: 'Override' } }, script).title, 'Override');
  assert.equal(boot.deriveStylesheetUrl(cfg, script), 'https://bot.example.com/web/amy-widget.css');
  assert.equal(boot.deriveStylesheetUrl({ stylesheet: '/x.css' }, script), '/x.css');
  assert.equal(boot.readConfig({}, null).server, '');
});

test('without currentScript the last amy-widget.js tag is the widget', function () {
  page('https://a.test/web/amy-widget.js?v=2');
  document.currentScript = null;
  var other = document.createElement('script');
  other.src = 'https://a.test/other.js';
  document.body.appendChild(other);
  assert.equal(boot.findScript().src, 'https://a.test/web/amy-widget.js?v=2');
});

test('start publishes window.AskAmy, queues calls until the page is ready, and loads the stylesheet once', function () {
  var win = page('https://bot.example.com/web/amy-widget.js', { server: 'http://bot.test' });
  document.readyState = 'loading';
  boot.run(win, undefined);
  var api = win.AskAmy;
  assert.equal(api.__loaded, true);
  assert.equal(api.version, '1.0.0');
  assert.equal(api.config, null);
  assert.equal(api.sessionId, null);
  api.open();
  assert.equal(document.querySelector('#askamy-root'), null);
  document.dispatch('DOMContentLoaded');
  var root = document.querySelector('#askamy-root');
  assert.ok(root);
  assert.equal(document.querySelector('#askamy-panel').hidden, false);
  assert.match(api.sessionId, /^amy-[0-9a-f]{32}$/);
  assert.equal(api.config.server, 'http://bot.test');
  api.config.server = 'changed';
  assert.equal(api.config.server, 'http://bot.test');
  var links = document.head.querySelectorAll('link[data-askamy-css]');
  assert.equal(links.length, 1);
  assert.equal(links[0].getAttribute('href'), 'https://bot.example.com/web/amy-widget.css');
  boot.run(win, undefined); // embedded twice: the first one stays
  assert.equal(win.AskAmy, api);
  assert.equal(document.querySelectorAll('#askamy-root').length, 1);
});

test('a panel that was open before the reload opens again, without taking the focus', function () {
  var win = page('https://bot.example.com/web/amy-widget.js', {}, { stored: null });
  win.localStorage.data['askamy.open'] = '1';
  boot.run(win, undefined);
  assert.equal(document.querySelector('#askamy-panel').hidden, false);
  assert.notEqual(document.activeElement, document.querySelector('#askamy-input'));
});
