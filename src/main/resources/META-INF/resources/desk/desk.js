/*
 * Front desk: the office's rooms with their live status and ticket, the queue with names and waiting times, today's
 * bookings with check-in, walk-in tickets (printable), requeue, no-show, cancel and room status. Follows the
 * office's desk stream; every action answers through it.
 */
import { shell, h } from '/app/shell.js';
import { t, onLanguage, waitRange, time } from '/app/i18n.js';
import { setToken, get, post, put, newKey, showProblem } from '/app/api.js';
import { staffToken, claims } from '/app/auth.js';
import { Live } from '/app/live.js';

const ui = shell();
const state = { office: null, officeName: null, agencies: [], rooms: new Map(), waiting: new Map(), held: new Map(),
  bookings: new Map() };
window.videomote = { state };
const problem = document.getElementById('problem');
const agencyName = (code) => (state.agencies.find((a) => a.code === code) || { name: code }).name;

async function act(fn, done) {
  showProblem(problem, null);
  try {
    await fn();
    if (done) {
      document.getElementById('notice').textContent = done;
    }
  } catch (err) {
    showProblem(problem, err);
  }
}

function minutesSince(iso) {
  return iso ? Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000)) : 0;
}

function roomTicket(roomId) {
  for (const v of state.held.values()) {
    if (v.room && v.room.id === roomId) {
      return v.ticket;
    }
  }
  return '';
}

function renderRooms() {
  const rooms = [...state.rooms.values()].sort((a, b) => a.name.localeCompare(b.name));
  document.getElementById('rooms').replaceChildren(...rooms.map((r) => {
    const set = (status) => h('button', { type: 'button', 'data-room-action': status, 'aria-label': t('desk.setStatus', { room: r.name, status: t('roomStatus.' + status) }),
      disabled: r.status === status || r.status === 'RESERVED' || r.status === 'OCCUPIED',
      onclick: () => act(() => put('/api/v1/offices/' + state.office + '/rooms/' + r.id + '/status', { status }), t('desk.done')) },
    t('roomStatus.' + status));
    return h('tr', { 'data-room': r.id },
      h('th', { scope: 'row', text: r.name }),
      h('td', {}, h('span', { class: 'status status-' + r.status, 'data-status': r.status, text: t('roomStatus.' + r.status) })),
      h('td', { text: roomTicket(r.id) }),
      h('td', {}, h('div', { class: 'actions' }, set('AVAILABLE'), set('CLEANING'), set('OUT_OF_SERVICE'))));
  }));
}

function needs(v) {
  return [v.language && v.language !== 'sv' ? v.language : null, v.interpreter ? t('desk.interpreter') : null,
    v.priority === 'PRIORITY' ? t('desk.priority') : null, v.booked || v.booking ? t('desk.booked') : null].filter(Boolean).join(', ');
}

function renderQueue() {
  const waiting = [...state.waiting.values()].sort((a, b) => (a.position || 0) - (b.position || 0)
    || String(a.waitingSince).localeCompare(String(b.waitingSince)));
  document.getElementById('waiting').replaceChildren(...waiting.map((v) => h('tr', { 'data-ticket': v.ticket },
    h('th', { scope: 'row', text: v.ticket }), h('td', { text: v.visitorName || '' }),
    h('td', { text: agencyName(v.agency) }), h('td', { 'data-since': v.waitingSince, text: t('desk.minutes', { n: minutesSince(v.waitingSince) }) }),
    h('td', { text: needs(v) }),
    h('td', {}, h('button', { type: 'button', class: 'danger', 'aria-label': t('desk.cancelTicket', { ticket: v.ticket }),
      onclick: () => act(() => post('/api/v1/visits/' + v.id + '/cancel'), t('desk.done')) }, t('desk.cancel'))))));
  const held = [...state.held.values()];
  document.getElementById('held').replaceChildren(...held.map((v) => h('tr', { 'data-ticket': v.ticket },
    h('th', { scope: 'row', text: v.ticket }), h('td', { text: v.visitorName || '' }),
    h('td', { text: v.room ? v.room.name : '' }), h('td', { text: v.officer ? v.officer.name : '' }),
    h('td', { text: t('visitStatus.' + v.status) }),
    h('td', {}, v.status === 'CALLED' ? h('div', { class: 'actions' },
      h('button', { type: 'button', 'aria-label': t('desk.requeueTicket', { ticket: v.ticket }),
        onclick: () => act(() => post('/api/v1/visits/' + v.id + '/requeue'), t('desk.done')) }, t('desk.requeue')),
      h('button', { type: 'button', class: 'danger', 'aria-label': t('desk.noShowTicket', { ticket: v.ticket }),
        onclick: () => act(() => post('/api/v1/visits/' + v.id + '/no-show'), t('desk.done')) }, t('desk.noShow'))) : ''))));
}

function renderBookings() {
  const list = [...state.bookings.values()].sort((a, b) => String(a.start).localeCompare(String(b.start)));
  document.getElementById('bookings').replaceChildren(...list.map((b) => h('tr', { 'data-booking': b.id },
    h('td', { text: time(b.start) + '–' + time(b.end) }), h('th', { scope: 'row', text: b.reference }),
    h('td', { text: b.visitorName || '' }), h('td', { text: agencyName(b.agency) }), h('td', { text: b.roomName || '' }),
    h('td', { text: t('bookingStatus.' + b.status) }),
    h('td', {}, b.status === 'BOOKED' ? h('button', { type: 'button', 'aria-label': t('desk.checkInBooking', { reference: b.reference }),
      onclick: () => act(() => post('/api/v1/bookings/' + b.id + '/check-in'), t('desk.done')) }, t('desk.checkIn')) : ''))));
}

function render() {
  document.getElementById('office').textContent = state.officeName ? t('desk.titleAt', { office: state.officeName }) : t('desk.title');
  renderRooms();
  renderQueue();
  renderBookings();
}
onLanguage(() => { fillAgencies(); render(); });

function fillAgencies() {
  const a = document.getElementById('w-agency');
  const chosen = a.value;
  a.replaceChildren(...state.agencies.map((x) => h('option', { value: x.code, text: x.name })));
  if (chosen) {
    a.value = chosen;
  }
  fillServices();
}

function fillServices() {
  const agency = state.agencies.find((x) => x.code === document.getElementById('w-agency').value);
  document.getElementById('w-service').replaceChildren(...(agency ? agency.services : []).map((s) => h('option', { value: s.code, text: s.name })));
}
document.getElementById('w-agency').addEventListener('change', fillServices);

document.getElementById('walkin').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  act(async () => {
    const visit = await post('/api/v1/offices/' + state.office + '/visits', {
      agency: f.agency.value, service: f.service.value, language: f.language.value, interpreter: f.interpreter.checked,
      priority: f.priority.checked ? 'PRIORITY' : 'NORMAL', visitorName: f.visitorName.value.trim() || undefined
    }, { idempotencyKey: newKey() });
    document.getElementById('printed').hidden = false;
    document.getElementById('printed-ticket').textContent = visit.ticket;
    document.getElementById('printed-wait').textContent = t('kiosk.estimate', { wait: waitRange(visit.estimatedWait), position: visit.position });
    f.visitorName.value = '';
  }, t('desk.issued'));
});
document.getElementById('print').addEventListener('click', () => window.print());

function booking(b) {
  return { id: b.id || b.bookingId, reference: b.reference, start: b.start, end: b.end, status: b.status, agency: b.agency,
    roomName: b.roomName || (b.room && b.room.name), visitorName: b.visitorName || (b.visitor && b.visitor.name) };
}

function snapshot(data) {
  state.rooms = new Map((data.rooms || []).map((r) => [r.id, r]));
  const q = data.queue || {};
  state.waiting = new Map((q.waiting || []).map((v) => [v.id, v]));
  state.held = new Map([...(q.called || []).map((v) => [v.id, { ...v, status: 'CALLED' }]),
    ...(q.inMeeting || []).map((v) => [v.id, { ...v, status: 'IN_MEETING' }])]);
  render();
}

function event(m) {
  if (m.type === 'room.status') {
    const r = state.rooms.get(m.data.roomId) || { id: m.data.roomId, name: m.data.name };
    state.rooms.set(r.id, { ...r, status: m.data.status });
  } else if (m.type.startsWith('visit.')) {
    const v = m.data.visit;
    state.waiting.delete(v.id);
    state.held.delete(v.id);
    if (v.status === 'WAITING') {
      state.waiting.set(v.id, v);
    } else if (v.status === 'CALLED' || v.status === 'IN_MEETING') {
      state.held.set(v.id, v);
    }
  } else if (m.type.startsWith('booking.')) {
    const b = booking(m.data);
    const today = new Date().toLocaleDateString('sv-SE');
    if (b.start && new Date(b.start).toLocaleDateString('sv-SE') === today) {
      state.bookings.set(b.id, { ...(state.bookings.get(b.id) || {}), ...b });
    } else {
      state.bookings.delete(b.id);
    }
  }
  render();
}

async function main() {
  const token = await staffToken('desk', document.getElementById('signin'));
  setToken(token);
  const c = claims(token);
  state.office = c.office || new URLSearchParams(location.search).get('office');
  document.getElementById('screen').hidden = false;
  const [office, agencies] = await Promise.all([get('/api/v1/offices/' + encodeURIComponent(state.office)), get('/api/v1/agencies')]);
  state.officeName = office.name;
  state.agencies = agencies.filter((a) => (office.agencies || []).includes(a.code));
  fillAgencies();
  const today = new Date().toLocaleDateString('sv-SE');
  window.videomote.live = new Live('/ws/v1/offices/' + encodeURIComponent(state.office) + '/desk', token, {
    snapshot, event, state: ui.liveState
  }).start();
  const bookings = await get('/api/v1/bookings?office=' + encodeURIComponent(state.office) + '&date=' + today).catch(() => []);
  bookings.forEach((b) => { const x = booking(b); state.bookings.set(x.id, { ...x, ...(state.bookings.get(x.id) || {}) }); });
  render();
  // Waiting times grow: update those cells only, so keyboard focus stays where it is.
  setInterval(() => document.querySelectorAll('[data-since]').forEach((td) => {
    td.textContent = t('desk.minutes', { n: minutesSince(td.dataset.since) });
  }), 30000);
}
main().catch((err) => { document.getElementById('screen').hidden = false; showProblem(problem, err); });
