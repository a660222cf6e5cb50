/*
 * Waiting-room screen: tickets called and their rooms, a short history, waiting count and estimated wait per agency.
 * Reads the office's display stream only (tickets, never a name). A call is highlighted (and marked "new" in words)
 * and, when switched on, chimes.
 */
import { shell, h } from '/app/shell.js';
import { t, onLanguage, waitRange, time } from '/app/i18n.js';
import { setToken, get } from '/app/api.js';
import { deviceToken, forget } from '/app/auth.js';
import { Live } from '/app/live.js';

const ui = shell();
const HISTORY = 6;
const FLASH_MS = 10000;
const state = { office: null, officeName: null, agencyNames: {}, waiting: new Map(), called: new Map(),
  inMeeting: new Map(), agencies: [], history: [], fresh: new Set() };
window.videomote = { state };

const chime = document.getElementById('chime');
chime.setAttribute('aria-pressed', localStorage.getItem('videomote.display.chime') === 'on' ? 'true' : 'false');
chime.addEventListener('click', () => {
  const on = chime.getAttribute('aria-pressed') !== 'true';
  chime.setAttribute('aria-pressed', String(on));
  localStorage.setItem('videomote.display.chime', on ? 'on' : 'off');
});

let audio = null;
function ring() {
  if (chime.getAttribute('aria-pressed') !== 'true') {
    return;
  }
  try {
    audio = audio || new AudioContext();
    [660, 880].forEach((f, i) => {
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.frequency.value = f;
      g.gain.setValueAtTime(0.2, audio.currentTime + i * 0.35);
      g.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.35 + 0.6);
      o.connect(g).connect(audio.destination);
      o.start(audio.currentTime + i * 0.35);
      o.stop(audio.currentTime + i * 0.35 + 0.6);
    });
  } catch (e) {
    // no sound device: the highlight says it all
  }
}

const agencyName = (code) => state.agencyNames[code] || code;

function render() {
  document.getElementById('office').textContent = state.officeName ? t('display.titleAt', { office: state.officeName }) : t('display.title');
  const called = document.getElementById('called');
  called.replaceChildren(...[...state.called.values()].map((c) => h('li', { class: state.fresh.has(c.ticket) ? 'flash' : null },
    c.ticket, state.fresh.has(c.ticket) ? h('span', { class: 'new', text: t('display.new') }) : null,
    h('span', { class: 'to', text: t('display.toRoom', { room: c.room ? c.room.name : '' }) }))));
  document.getElementById('none-called').hidden = state.called.size > 0;
  document.getElementById('history').replaceChildren(...state.history.map((c) => h('li', {},
    h('strong', { text: c.ticket }), ' ', t('display.toRoom', { room: c.room }), ' ', h('span', { class: 'muted', text: time(c.at) }))));
  document.getElementById('agencies').replaceChildren(...state.agencies.map((a) => h('tr', {},
    h('td', { text: agencyName(a.agency) }), h('td', { text: String(a.waiting) }),
    h('td', { text: a.waiting > 0 || a.estimatedWait ? waitRange(a.estimatedWait) : '' }))));
}
onLanguage(render);

function snapshot(data) {
  const q = data.queue || {};
  state.waiting = new Map((q.waiting || []).map((w) => [w.ticket, w]));
  state.called = new Map((q.called || []).map((c) => [c.ticket, c]));
  state.inMeeting = new Map((q.inMeeting || []).map((c) => [c.ticket, c]));
  state.agencies = q.agencies || [];
  render();
}

function event(message) {
  if (message.type === 'queue.summary') {
    state.agencies = message.data.agencies || [];
  } else if (message.type.startsWith('visit.')) {
    const v = message.data.visit;
    state.waiting.delete(v.ticket);
    state.called.delete(v.ticket);
    state.inMeeting.delete(v.ticket);
    if (v.status === 'WAITING') {
      state.waiting.set(v.ticket, v);
    } else if (v.status === 'CALLED') {
      state.called.set(v.ticket, v);
      state.history.unshift({ ticket: v.ticket, room: v.room ? v.room.name : '', at: message.at });
      state.history.length = Math.min(state.history.length, HISTORY);
      state.fresh.add(v.ticket);
      setTimeout(() => { state.fresh.delete(v.ticket); render(); }, FLASH_MS);
      ring();
    } else if (v.status === 'IN_MEETING') {
      state.inMeeting.set(v.ticket, v);
    }
  }
  render();
}

async function main() {
  const signedIn = await deviceToken('display', 'kiosk', document.getElementById('signin'));
  const token = signedIn.token;
  setToken(token);
  state.office = signedIn.office;
  document.getElementById('screen').hidden = false;
  // The stream first: the screen shows the queue while the names of office and agencies are still on their way.
  window.videomote.live = new Live('/ws/v1/offices/' + encodeURIComponent(state.office) + '/display', token, {
    snapshot, event, state: ui.liveState,
    revoked: () => { forget('videomote.display.token'); location.replace(location.pathname); }
  }).start();
  const [office, agencies] = await Promise.all([get('/api/v1/offices/' + encodeURIComponent(state.office)).catch(() => null),
    get('/api/v1/agencies').catch(() => [])]);
  state.officeName = office && office.name;
  agencies.forEach((a) => { state.agencyNames[a.code] = a.name; });
  render();
  window.videomote.readyAt = performance.now();
}
main();
