/*
 * Boot: read the configuration (data-* attributes < window.AskAmyConfig), load the stylesheet,
 * assemble the Widget, publish window.AskAmy (calls made before it is ready are queued), and
 * under Node export the pure helpers for the unit tests instead.
 */
'use strict';

var dom = require('./dom');
var storage = require('./storage');
var transport = require('./transport');
var replies = require('./replies');
var privacy = require('./privacy');
var restart = require('./restart');
var view = require('./view');

var DEFAULTS = {
  server: '',
  title: 'Ask Amy',
  greeting: 'Hi! Waiting to hear back after an interview? Ask me.',
  timeout: transport.DEFAULT_TIMEOUT_MS,
  stylesheet: '',
  color: ''
};

/** Merge config: defaults < data-* attributes < window.AskAmyConfig. */
function mergeConfig(dataset, globalConfig) {
  var cfg = {};
  var k;
  for (k in DEFAULTS) cfg[k] = DEFAULTS[k];
  var sources = [dataset || {}, globalConfig || {}];
  for (var i = 0; i < sources.length; i++) {
    var src = sources[i];
    for (k in DEFAULTS) {
      if (src[k] !== undefined && src[k] !== null && src[k] !== '') cfg[k] = src[k];
    }
  }
  cfg.server = transport.normalizeServer(cfg.server);
  cfg.timeout = transport.parseTimeout(cfg.timeout);
  cfg.title = String(cfg.title);
  cfg.greeting = String(cfg.greeting);
  return cfg;
}

// The Widget has the methods of every part of the widget.
var Widget = view.Widget;
[transport.methods, replies.methods, privacy.methods, restart.methods].forEach(function (methods) {
  for (var name in methods) {
    if (methods.hasOwnProperty(name)) Widget.prototype[name] = methods[name];
  }
});

/** The helpers without a DOM: window.AskAmy._pure, and module.exports under Node. */
var pure = {
  VERSION: view.VERSION,
  ERROR_TEXT: transport.ERROR_TEXT,
  MAX_TRANSCRIPT: storage.MAX_TRANSCRIPT,
  normalizeServer: transport.normalizeServer,
  webhookUrl: transport.webhookUrl,
  forgetUrl: privacy.forgetUrl,
  parseTimeout: transport.parseTimeout,
  isHttpUrl: dom.isHttpUrl,
  trimUrl: dom.trimUrl,
  linkify: dom.linkify,
  isEmailDraft: replies.isEmailDraft,
  draftText: replies.draftText,
  draftParts: replies.draftParts,
  mailtoLink: replies.mailtoLink,
  chosenIndex: storage.chosenIndex,
  chooseButton: replies.chooseButton,
  capTranscript: storage.capTranscript,
  sanitizeTranscript: storage.sanitizeTranscript,
  repliesToEntries: transport.repliesToEntries,
  mergeSplitDrafts: transport.mergeSplitDrafts,
  makeSessionId: storage.makeSessionId,
  mergeConfig: mergeConfig
};

/** The <script> element of the widget: the one running now, or the last amy-widget.js tag. */
function findScript() {
  if (document.currentScript) return document.currentScript;
  var all = document.getElementsByTagName('script');
  for (var i = all.length - 1; i >= 0; i--) {
    if (/amy-widget(\.min)?\.js(\?|#|$)/.test(all[i].src || '')) return all[i];
  }
  return null;
}

function readConfig(global, scriptEl) {
  var ds = {};
  if (scriptEl) {
    var d = scriptEl.dataset || {};
    ds = {
      server: d.server, title: d.title, greeting: d.greeting,
      timeout: d.timeout, stylesheet: d.stylesheet, color: d.color
    };
  }
  var g = global.AskAmyConfig && typeof global.AskAmyConfig === 'object' ? global.AskAmyConfig : {};
  var cfg = mergeConfig(ds, g);
  if (!cfg.server) {
    // Default: the origin the script was served from (the widget usually sits next to the bot).
    try { cfg.server = transport.normalizeServer(new URL(scriptEl.src).origin); } catch (e) { cfg.server = ''; }
  }
  return cfg;
}

function deriveStylesheetUrl(cfg, scriptEl) {
  if (cfg.stylesheet) return cfg.stylesheet;
  var base = (scriptEl && scriptEl.src) || '';
  if (!base) return '';
  try { return new URL('amy-widget.css', base).href; } catch (e) { return ''; }
}

function ensureStylesheet(href) {
  if (!href) return;
  var links = document.querySelectorAll('link[data-askamy-css]');
  if (links.length) return;
  var link = dom.el('link', { rel: 'stylesheet', href: href, 'data-askamy-css': '' });
  (document.head || document.documentElement).appendChild(link);
}

/** Publish window.AskAmy and build the widget once the document is ready. */
function start(global) {
  var scriptEl = findScript();
  var store = storage.createStore(global);
  var widget = null;
  var pending = [];
  function whenReady(fn) {
    if (widget) fn(widget); else pending.push(fn);
  }

  global.AskAmy = {
    __loaded: true,
    version: view.VERSION,
    open: function () { whenReady(function (w) { w.open(); }); },
    close: function () { whenReady(function (w) { if (w.isOpen) w.close(true); }); },
    toggle: function () { whenReady(function (w) { w.toggle(); }); },
    reset: function () { whenReady(function (w) { w.reset(); }); },
    send: function (text) { whenReady(function (w) { w.send(text); }); },
    get sessionId() { return widget ? widget.sessionId : store.get(storage.KEY_SESSION); },
    get config() {
      if (!widget) return null;
      var c = {};
      for (var k in widget.cfg) c[k] = widget.cfg[k];
      return c;
    },
    _pure: pure
  };

  function boot() {
    var cfg = readConfig(global, scriptEl);
    ensureStylesheet(deriveStylesheetUrl(cfg, scriptEl));
    widget = new Widget(cfg, store);
    widget.build();
    widget.buildPrivacyMenu();
    widget.renderAll();
    if (store.get(storage.KEY_OPEN) === '1') widget.open({ focus: false });
    widget.updateSendState();
    var fns = pending;
    pending = [];
    for (var i = 0; i < fns.length; i++) fns[i](widget);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot);
  } else {
    boot();
  }
}

/**
 * The bundle's entry point. Under Node (the unit tests: `nodeModule` is the bundle's module and
 * there is no document) export the pure helpers and stop; embedded twice, keep the first one.
 */
function run(global, nodeModule) {
  if (nodeModule && nodeModule.exports && typeof document === 'undefined') {
    nodeModule.exports = pure;
    return;
  }
  if (typeof document === 'undefined') return;
  if (global.AskAmy && global.AskAmy.__loaded) return; // embedded twice: keep the first one
  start(global);
}

exports.DEFAULTS = DEFAULTS;
exports.mergeConfig = mergeConfig;
exports.pure = pure;
exports.Widget = Widget;
exports.findScript = findScript;
exports.readConfig = readConfig;
exports.deriveStylesheetUrl = deriveStylesheetUrl;
exports.ensureStylesheet = ensureStylesheet;
exports.start = start;
exports.run = run;
