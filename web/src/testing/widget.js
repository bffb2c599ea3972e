/*
 * A built widget on the fake DOM, for the unit tests of view.js, privacy.js and boot.js.
 * Test-only: it is not part of the bundle.
 */
'use strict';

var fake = require('./fake-dom');
var storage = require('../storage');
var boot = require('../boot'); // mixes every part's methods into Widget.prototype

/** A fresh fake DOM and a built widget with `cfg` (merged over the defaults); returns {win, w}. */
function buildWidget(cfg, options) {
  var win = fake.installDom(options);
  if (options && options.stored) {
    Object.keys(options.stored).forEach(function (k) { win.localStorage.data[k] = options.stored[k]; });
  }
  var w = new boot.Widget(boot.mergeConfig({}, cfg || { server: 'http://bot.test' }), storage.createStore(win));
  w.build();
  w.buildPrivacyMenu();
  w.renderAll();
  return { win: win, w: w };
}

/** The texts of the messages in the log, as "bot: ..." / "user: ...". */
function messages(w) {
  return w.log.querySelectorAll('.askamy-msg').map(function (m) {
    return m.getAttribute('data-sender') + ': ' + m.querySelector('.askamy-msg-text').textContent;
  });
}

module.exports = { buildWidget: buildWidget, messages: messages };
