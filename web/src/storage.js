/*
 * Storage: the session id and the transcript in localStorage (falls back to memory when
 * localStorage is blocked), and the checks on a transcript read back from it.
 */
'use strict';

var KEY_SESSION = 'askamy.session';
var KEY_TRANSCRIPT = 'askamy.transcript';
var KEY_OPEN = 'askamy.open';
var MAX_TRANSCRIPT = 200;

/**
 * The index of the chosen button of a transcript entry, or null: `value` must be a whole
 * number that points at one of the entry's buttons.
 */
function chosenIndex(entry, value) {
  var count = entry && Array.isArray(entry.buttons) ? entry.buttons.length : 0;
  if (typeof value !== 'number' || value % 1 !== 0 || value < 0 || value >= count) return null;
  return value;
}

/** Keep only the last `max` transcript entries. */
function capTranscript(list, max) {
  max = max || MAX_TRANSCRIPT;
  if (!Array.isArray(list)) return [];
  return list.length > max ? list.slice(list.length - max) : list.slice();
}

/** Validate a transcript loaded from storage; drops malformed entries. */
function sanitizeTranscript(list) {
  if (!Array.isArray(list)) return [];
  var out = [];
  for (var i = 0; i < list.length; i++) {
    var e = list[i];
    if (!e || (e.who !== 'user' && e.who !== 'bot') || typeof e.text !== 'string') continue;
    var clean = { who: e.who, text: e.text };
    if (e.greeting) clean.greeting = true;
    if (e.draft) clean.draft = true;
    if (Array.isArray(e.buttons)) {
      clean.buttons = e.buttons.filter(function (b) {
        return b && typeof b.title === 'string';
      }).map(function (b) {
        return { title: b.title, payload: typeof b.payload === 'string' ? b.payload : b.title };
      });
      var chosen = chosenIndex(clean, e.chosen);
      if (chosen !== null) clean.chosen = chosen;
    }
    out.push(clean);
  }
  return capTranscript(out);
}

/** 128-bit random hex session id from a getRandomValues-compatible source. */
function makeSessionId(cryptoObj) {
  var bytes = new Uint8Array(16);
  cryptoObj.getRandomValues(bytes);
  var s = '';
  for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return 'amy-' + s;
}

/** A get/set/remove store on `win.localStorage`, kept in memory when localStorage is blocked. */
function createStore(win) {
  var memoryStore = {};
  return {
    get: function (k) {
      try { return win.localStorage.getItem(k); } catch (e) { return memoryStore.hasOwnProperty(k) ? memoryStore[k] : null; }
    },
    set: function (k, v) {
      try { win.localStorage.setItem(k, v); } catch (e) { memoryStore[k] = String(v); }
    },
    remove: function (k) {
      try { win.localStorage.removeItem(k); } catch (e) { /* ignore */ }
      delete memoryStore[k];
    }
  };
}

function randomSessionId(win) {
  var c = win.crypto || win.msCrypto;
  // The id is the only key to the conversation (it can delete it): never a guessable one.
  if (!c || !c.getRandomValues) throw new Error('Ask Amy needs a browser with crypto.getRandomValues');
  return makeSessionId(c);
}

/** The stored session id, or a new random one (stored) when there is none or it is malformed. */
function loadSession(store, win) {
  var id = store.get(KEY_SESSION);
  if (!id || !/^[A-Za-z0-9_-]{8,80}$/.test(id)) {
    id = randomSessionId(win);
    store.set(KEY_SESSION, id);
  }
  return id;
}

function loadTranscript(store) {
  var raw = store.get(KEY_TRANSCRIPT);
  if (!raw) return [];
  try { return sanitizeTranscript(JSON.parse(raw)); } catch (e) { return []; }
}

function saveTranscript(store, list) {
  store.set(KEY_TRANSCRIPT, JSON.stringify(capTranscript(list)));
}

exports.KEY_SESSION = KEY_SESSION;
exports.KEY_TRANSCRIPT = KEY_TRANSCRIPT;
exports.KEY_OPEN = KEY_OPEN;
exports.MAX_TRANSCRIPT = MAX_TRANSCRIPT;
exports.chosenIndex = chosenIndex;
exports.capTranscript = capTranscript;
exports.sanitizeTranscript = sanitizeTranscript;
exports.makeSessionId = makeSessionId;
exports.createStore = createStore;
exports.randomSessionId = randomSessionId;
exports.loadSession = loadSession;
exports.loadTranscript = loadTranscript;
exports.saveTranscript = saveTranscript;
