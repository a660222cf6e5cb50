/*
 * Administration: offices (opening hours, closures), rooms, devices and their pairing codes, agencies and their
 * services, officers and shifts, and statistics as charts (Apache ECharts, from the org.mvnpm:echarts jar) with the
 * same figures in a table. The chosen office's rooms follow its desk stream live.
 */
import { shell, h } from '/app/shell.js';
import { t, onLanguage, time } from '/app/i18n.js';
import { setToken, get, post, put, del, newKey, showProblem } from '/app/api.js';
import { staffToken } from '/app/auth.js';
import { Live } from '/app/live.js';

const ui = shell();
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const state = { token: null, offices: [], office: null, rooms: [], agencies: [], officers: [], devices: null,
  stats: null, live: null, pairing: null };
window.videomote = { state };
const problem = document.getElementById('problem');
const $ = (id) => document.getElementById(id);
let chart = null;

async function act(fn) {
  showProblem(problem, null);
  try {
    await fn();
    $('notice').textContent = t('admin.saved');
  } catch (err) {
    showProblem(problem, err);
  }
}

const enc = encodeURIComponent;
const office = () => state.offices.find((o) => o.id === state.office);

function renderOffices() {
  $('office-pick').replaceChildren(...state.offices.map((o) => h('option', { value: o.id, text: o.name + ' (' + o.id + ')' })));
  $('office-pick').value = state.office || '';
  const o = office();
  const f = $('office-form');
  if (o) {
    f.id.value = o.id;
    f.name.value = o.name;
    f.municipality.value = o.municipality;
    f.kind.value = o.kind;
    f.timeZone.value = o.timeZone;
    f.agencies.value = (o.agencies || []).join(', ');
    f.cleaningBufferMinutes.value = o.cleaningBufferMinutes || 0;
    const first = (o.openingHours || [])[0];
    f.opens.value = first ? first.opens.slice(0, 5) : '09:00';
    f.closes.value = first ? first.closes.slice(0, 5) : '16:00';
  }
}

function renderRooms() {
  $('rooms').replaceChildren(...state.rooms.map((r) => h('tr', { 'data-room': r.id }, h('th', { scope: 'row', text: r.name }),
    h('td', {}, h('span', { class: 'status status-' + r.status, text: t('roomStatus.' + r.status) })),
    h('td', { text: r.accessible ? t('officer.yes') : t('officer.no') }), h('td', { text: String(r.capacity) }))));
  const chosen = $('d-room').value;
  $('d-room').replaceChildren(h('option', { value: '', text: '–' }), ...state.rooms.map((r) => h('option', { value: r.id, text: r.name })));
  $('d-room').value = chosen;
}

function renderDevices() {
  const kinds = $('d-kind');
  const kind = kinds.value;
  kinds.replaceChildren(...['KIOSK', 'DISPLAY', 'ROOM'].map((k) => h('option', { value: k, text: t('admin.kind.' + k) })));
  kinds.value = kind || 'KIOSK';
  $('devices-missing').hidden = state.devices !== null;
  const roomName = (id) => (state.rooms.find((r) => r.id === id) || { name: '' }).name;
  $('devices').replaceChildren(...(state.devices || []).map((d) => h('tr', { 'data-device': d.id },
    h('th', { scope: 'row', text: d.name }), h('td', { text: t('admin.kind.' + d.kind) }), h('td', { text: d.room ? roomName(d.room) : '' }),
    h('td', { text: d.revokedAt ? t('admin.revoked') : d.pairedAt ? time(d.pairedAt) : '' }), h('td', { text: time(d.lastSeenAt) }),
    h('td', {}, d.revokedAt ? '' : h('button', { type: 'button', class: 'danger', 'aria-label': t('admin.revoke') + ' ' + d.name,
      onclick: () => act(async () => { await del('/api/v1/devices/' + d.id); await loadDevices(); }) }, t('admin.revoke'))))));
  $('pairing').textContent = state.pairing ? t('admin.pairingCode', { code: state.pairing.pairingCode, until: time(state.pairing.pairingExpiresAt) }) : '';
  if (state.pairing) {
    $('pairing').dataset.code = state.pairing.pairingCode;
  }
}

function renderAgencies() {
  $('agencies').replaceChildren(...state.agencies.map((a) => h('tr', {}, h('th', { scope: 'row', text: a.code }), h('td', { text: a.name }),
    h('td', { text: a.ticketPrefix }), h('td', { text: a.services.map((s) => s.name + ' (' + s.durationMinutes + ' min)').join(', ') }))));
  const chosen = $('f-agency').value;
  $('f-agency').replaceChildren(...state.agencies.map((a) => h('option', { value: a.code, text: a.name })));
  if (chosen) {
    $('f-agency').value = chosen;
  }
}

function renderOfficers() {
  $('officers').replaceChildren(...state.officers.map((o) => h('tr', {}, h('th', { scope: 'row', text: o.name }), h('td', { text: o.agency }),
    h('td', { text: (o.languages || []).join(', ') }), h('td', { text: (o.services || []).join(', ') }),
    h('td', { text: t('presence.' + o.presence) }))));
  const chosen = $('s-officer').value;
  $('s-officer').replaceChildren(...state.officers.map((o) => h('option', { value: o.id, text: o.name })));
  if (chosen) {
    $('s-officer').value = chosen;
  }
}

function renderStats() {
  const rows = (state.stats && state.stats.rows) || [];
  $('stats-missing').hidden = state.stats !== false;
  $('stats').replaceChildren(...(rows.length ? rows.map((r) => h('tr', {}, h('th', { scope: 'row', text: r.key.day || '' }),
    h('td', { text: String(r.visits) }), h('td', { text: String(r.served) }), h('td', { text: String(r.noShows) }),
    h('td', { text: r.waitMinutes && r.waitMinutes.p90 !== null && r.waitMinutes.p90 !== undefined ? String(r.waitMinutes.p90) : '' })))
    : [h('tr', {}, h('td', { colspan: '5', text: t('admin.none') }))]));
  if (!window.echarts || !state.stats) {
    return;
  }
  chart = chart || window.echarts.init($('chart'), null, { renderer: 'svg' });
  chart.setOption({
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    legend: { data: [t('admin.walkIns'), t('admin.booked'), t('admin.noShows'), t('admin.waitP90')] },
    xAxis: { type: 'category', data: rows.map((r) => r.key.day) },
    yAxis: [{ type: 'value', name: t('admin.visits') }, { type: 'value', name: 'min' }],
    series: [
      { name: t('admin.walkIns'), type: 'bar', stack: 'v', data: rows.map((r) => r.walkIns), itemStyle: { color: '#00457a' } },
      { name: t('admin.booked'), type: 'bar', stack: 'v', data: rows.map((r) => r.booked), itemStyle: { color: '#5b8db8', decal: { symbol: 'rect' } } },
      { name: t('admin.noShows'), type: 'bar', data: rows.map((r) => r.noShows), itemStyle: { color: '#a4161a' } },
      { name: t('admin.waitP90'), type: 'line', yAxisIndex: 1, data: rows.map((r) => r.waitMinutes ? r.waitMinutes.p90 : null), itemStyle: { color: '#8a4b00' }, symbol: 'triangle' }
    ]
  }, true);
}

function render() {
  renderOffices();
  renderRooms();
  renderDevices();
  renderAgencies();
  renderOfficers();
  renderStats();
}
onLanguage(render);

async function loadDevices() {
  try {
    state.devices = await get('/api/v1/offices/' + enc(state.office) + '/devices');
  } catch (err) {
    if (err.status === 404 || err.status === 405) {
      state.devices = null; // the service has no devices yet
    } else {
      throw err;
    }
  }
  renderDevices();
}

async function loadOffice() {
  const o = office();
  if (!o) {
    return;
  }
  const [rooms, closures] = await Promise.all([get('/api/v1/offices/' + enc(o.id) + '/rooms'), get('/api/v1/offices/' + enc(o.id) + '/closures')]);
  state.rooms = rooms;
  $('closures').replaceChildren(...closures.map((c) => h('li', { text: c.date + ' – ' + c.reason })));
  await loadDevices();
  render();
  if (state.live) {
    state.live.stop();
  }
  state.live = new Live('/ws/v1/offices/' + enc(o.id) + '/desk', state.token, {
    snapshot: (data) => { state.rooms = data.rooms || state.rooms; renderRooms(); },
    event: (m) => {
      if (m.type === 'room.status') {
        const r = state.rooms.find((x) => x.id === m.data.roomId);
        if (r) {
          r.status = m.data.status;
        }
        renderRooms();
      }
    },
    state: ui.liveState
  }).start();
  window.videomote.live = state.live;
}

async function loadAll() {
  [state.offices, state.agencies, state.officers] = await Promise.all([get('/api/v1/offices'), get('/api/v1/agencies'), get('/api/v1/officers')]);
  state.office = state.office || new URLSearchParams(location.search).get('office') || (state.offices[0] && state.offices[0].id);
  render();
  await loadOffice();
}

$('office-pick').addEventListener('change', (e) => { state.office = e.target.value; state.pairing = null; act(loadOffice); });
$('office-new').addEventListener('click', () => { $('office-form').reset(); $('o-id').focus(); });
$('office-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  const exists = state.offices.some((o) => o.id === f.id.value);
  const body = { id: f.id.value.trim(), name: f.name.value.trim(), municipality: f.municipality.value.trim(), kind: f.kind.value,
    timeZone: f.timeZone.value.trim() || 'Europe/Stockholm',
    openingHours: f.kind.value === 'MOBILE' ? [] : DAYS.slice(0, 5).map((day) => ({ day, opens: f.opens.value, closes: f.closes.value })),
    agencies: f.agencies.value.split(',').map((s) => s.trim()).filter(Boolean),
    cleaningBufferMinutes: Number(f.cleaningBufferMinutes.value) || 0, vulnerableArea: office() ? office().vulnerableArea : false };
  act(async () => {
    if (exists) {
      await put('/api/v1/offices/' + enc(body.id), body);
    } else {
      await post('/api/v1/offices', body, { idempotencyKey: newKey() });
    }
    state.office = body.id;
    await loadAll();
  });
});
$('closure-form').addEventListener('submit', (e) => {
  e.preventDefault();
  act(async () => { await post('/api/v1/offices/' + enc(state.office) + '/closures', { date: e.target.date.value, reason: e.target.reason.value }); e.target.reset(); await loadOffice(); });
});
$('room-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  act(async () => {
    await post('/api/v1/offices/' + enc(state.office) + '/rooms', { name: f.name.value.trim(), capacity: Number(f.capacity.value), accessible: f.accessible.checked }, { idempotencyKey: newKey() });
    f.reset();
    await loadOffice();
  });
});
$('device-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  act(async () => {
    const body = { kind: f.kind.value, name: f.name.value.trim() };
    if (f.kind.value === 'ROOM') {
      body.room = f.room.value;
    }
    state.pairing = await post('/api/v1/offices/' + enc(state.office) + '/devices', body, { idempotencyKey: newKey() });
    f.name.value = '';
    await loadDevices();
  });
});
$('agency-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  const services = f.services.value.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [code, name, minutes] = s.split(':').map((x) => x.trim());
    return { code, name: name || code, durationMinutes: Number(minutes) || 30 };
  });
  const body = { code: f.code.value.trim(), name: f.name.value.trim(), ticketPrefix: f.ticketPrefix.value.trim(), services };
  act(async () => {
    if (state.agencies.some((a) => a.code === body.code)) {
      await put('/api/v1/agencies/' + enc(body.code), body);
    } else {
      await post('/api/v1/agencies', body, { idempotencyKey: newKey() });
    }
    state.agencies = await get('/api/v1/agencies');
    renderAgencies();
  });
});
$('officer-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  act(async () => {
    await post('/api/v1/officers', { agency: f.agency.value, name: f.name.value.trim(), languages: list(f.languages.value), services: list(f.services.value) }, { idempotencyKey: newKey() });
    state.officers = await get('/api/v1/officers');
    renderOfficers();
  });
});
$('shift-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  const iso = (local) => new Date(local).toISOString();
  act(async () => {
    await post('/api/v1/officers/' + f.officer.value + '/shifts', { start: iso(f.start.value), end: iso(f.end.value) }, { idempotencyKey: newKey() });
    const shifts = await get('/api/v1/officers/' + f.officer.value + '/shifts');
    $('shifts').replaceChildren(...shifts.map((s) => h('li', { text: new Date(s.start).toLocaleString() + ' – ' + time(s.end) })));
  });
});
$('stats-form').addEventListener('submit', (e) => {
  e.preventDefault();
  loadStats(e.target.from.value, e.target.to.value);
});

async function loadStats(from, to) {
  try {
    state.stats = await get('/api/v1/statistics?from=' + from + '&to=' + to + '&groupBy=day' + (state.office ? '&office=' + enc(state.office) : ''));
  } catch (err) {
    state.stats = err.status === 404 || err.status === 405 ? false : null;
    if (state.stats === null) {
      showProblem(problem, err);
    }
  }
  renderStats();
}

async function main() {
  state.token = await staffToken('admin', $('signin'));
  setToken(state.token);
  $('screen').hidden = false;
  const today = new Date();
  const weekAgo = new Date(today.getTime() - 6 * 86400000);
  $('st-from').value = weekAgo.toLocaleDateString('sv-SE');
  $('st-to').value = today.toLocaleDateString('sv-SE');
  await loadAll();
  await loadStats($('st-from').value, $('st-to').value);
}
main().catch((err) => { $('screen').hidden = false; showProblem(problem, err); });
