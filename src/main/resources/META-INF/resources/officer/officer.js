/*
 * Case officer: presence, the agency's national waiting counts per service (the followed agency stream), "next
 * visitor", the visit card with the visitor's name, start / complete / no-show / requeue / transfer, and the video
 * call on the page (built-in provider); a Jitsi session opens in its own tab. Follows /ws/v1/officers/{id}.
 */
import { shell, h } from '/app/shell.js';
import { t, onLanguage, time } from '/app/i18n.js';
import { setToken, get, post, put, showProblem } from '/app/api.js';
import { staffToken, claims } from '/app/auth.js';
import { Live } from '/app/live.js';

const ui = shell();
const state = { id: null, name: null, agency: null, presence: null, choosing: null, waiting: null, visit: null, agencies: [],
  call: null, session: null, callState: 'idle', empty: false };
window.videomote = { state };
const problem = document.getElementById('problem');
let media = null;

const agency = (code) => state.agencies.find((a) => a.code === code) || { code, name: code, services: [] };
const serviceName = (a, s) => (agency(a).services.find((x) => x.code === s) || { name: s }).name;

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

function render() {
  document.getElementById('who').textContent = state.name ? t('officer.titleNamed', { name: state.name, agency: agency(state.agency).name }) : t('officer.title');
  document.querySelectorAll('input[name=presence]').forEach((r) => { r.checked = r.value === (state.choosing || state.presence); });
  document.getElementById('presence-now').textContent = state.presence ? t('officer.presenceNow', { presence: t('presence.' + state.presence) }) : '';
  const w = state.waiting || { waiting: 0, services: [] };
  document.getElementById('waiting-total').textContent = t('officer.waitingTotal', { count: w.waiting });
  document.getElementById('waiting').replaceChildren(...(w.services || []).map((s) => h('tr', {},
    h('td', { text: serviceName(state.agency, s.service) }), h('td', { text: String(s.waiting) }))));
  const v = state.visit;
  const next = document.getElementById('next');
  next.disabled = !!v || state.presence !== 'AVAILABLE';
  const card = document.getElementById('card');
  if (v) {
    card.replaceChildren(h('p', { class: 'visit-ticket', text: v.ticket }), h('dl', { class: 'visit' },
      h('dt', { text: t('officer.visitor') }), h('dd', { text: v.visitorName || t('officer.noName') }),
      h('dt', { text: t('officer.agency') }), h('dd', { text: agency(v.agency).name }),
      h('dt', { text: t('officer.service') }), h('dd', { text: serviceName(v.agency, v.service) }),
      h('dt', { text: t('officer.language') }), h('dd', { text: v.language || 'sv' }),
      h('dt', { text: t('officer.interpreter') }), h('dd', { text: v.interpreter ? t('officer.yes') : t('officer.no') }),
      h('dt', { text: t('officer.room') }), h('dd', { text: v.room ? v.room.name + ' (' + v.office + ')' : '' }),
      h('dt', { text: t('officer.status') }), h('dd', { 'data-status': v.status, text: t('visitStatus.' + v.status) + (v.calledAt ? ' · ' + time(v.calledAt) : '') })));
  } else {
    card.replaceChildren(h('p', { class: 'muted', text: state.empty ? t('officer.nobody') : t('officer.noVisit') }));
  }
  document.getElementById('visit-actions').hidden = !v;
  document.getElementById('transfer').hidden = !v || v.status !== 'CALLED';
  if (v) {
    document.getElementById('start').disabled = v.status !== 'CALLED';
    document.getElementById('requeue').disabled = v.status !== 'CALLED';
    document.getElementById('no-show').disabled = v.status !== 'CALLED';
    document.getElementById('complete').disabled = v.status !== 'IN_MEETING' && v.status !== 'CALLED';
  }
  document.getElementById('call-state').textContent = t('call.' + state.callState);
}
onLanguage(() => { fillTransfer(); render(); });

function fillTransfer() {
  const a = document.getElementById('t-agency');
  const chosen = a.value;
  a.replaceChildren(...state.agencies.map((x) => h('option', { value: x.code, text: x.name })));
  if (chosen) {
    a.value = chosen;
  }
  const ag = agency(a.value);
  document.getElementById('t-service').replaceChildren(...ag.services.map((s) => h('option', { value: s.code, text: s.name })));
}
document.getElementById('t-agency').addEventListener('change', fillTransfer);

// While the change is on its way the officer's choice stays shown: a live event that renders meanwhile must not
// tick the old presence again. A refused change shows the presence the server has.
document.querySelectorAll('input[name=presence]').forEach((r) => r.addEventListener('change', () => act(async () => {
  state.choosing = r.value;
  try {
    const answer = await put('/api/v1/officers/' + state.id + '/presence', { presence: r.value });
    state.presence = answer.presence || r.value;
  } finally {
    state.choosing = null;
    render();
  }
})));
document.getElementById('next').addEventListener('click', () => act(async () => {
  const answer = await post('/api/v1/officers/' + state.id + '/next');
  state.empty = !answer;
  if (answer) {
    state.visit = answer.visit;
  }
  render();
}, t('officer.nextDone')));
const visitAction = (id, path) => document.getElementById(id).addEventListener('click', () => act(async () => {
  const v = await post('/api/v1/visits/' + state.visit.id + '/' + path);
  visitChanged(v);
}, t('officer.done')));
visitAction('start', 'start');
visitAction('complete', 'complete');
visitAction('requeue', 'requeue');
visitAction('no-show', 'no-show');
document.getElementById('transfer').addEventListener('submit', (e) => {
  e.preventDefault();
  act(async () => {
    const v = await post('/api/v1/visits/' + state.visit.id + '/transfer', { agency: e.target.agency.value, service: e.target.service.value });
    visitChanged(v);
  }, t('officer.done'));
});

function visitChanged(v) {
  const mine = v.officer && v.officer.id === state.id && (v.status === 'CALLED' || v.status === 'IN_MEETING');
  if (mine) {
    state.visit = v;
  } else if (state.visit && state.visit.id === v.id) {
    state.visit = null;
  }
  render();
}

function setCall(s) {
  state.callState = s;
  document.body.dataset.call = s;
  render();
}

async function join(ready) {
  if (state.session === ready.sessionId && state.call && !state.call.ended) {
    return;
  }
  state.session = ready.sessionId;
  const session = await get(ready.joinPath).catch((err) => (err.status === 404 ? null : Promise.reject(err)));
  if (!session || state.session !== ready.sessionId) {
    return;
  }
  if (session.provider !== 'BUILTIN') {
    const link = document.getElementById('jitsi-link');
    link.href = session.officerJoin.url;
    document.getElementById('jitsi').hidden = false;
    window.open(session.officerJoin.url, '_blank', 'noopener');
    return;
  }
  if (!media) {
    media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    document.getElementById('local').srcObject = media;
  }
  const call = new window.Videomote.VideoCall({
    side: 'officer', join: session.officerJoin, iceServers: session.iceServers, localStream: media,
    remoteVideo: document.getElementById('remote'), onState: setCall,
    onLost: () => setTimeout(() => {
      if (state.call === call && state.session === ready.sessionId) {
        state.call = null;
        join(ready).catch(() => {});
      }
    }, 1000)
  });
  state.call = call;
  call.start();
}

function ended(sessionId) {
  if (state.session === sessionId && state.call) {
    state.call.end();
  }
  state.session = null;
  state.call = null;
  document.getElementById('jitsi').hidden = true;
}

function snapshot(data) {
  if (data.officer) {
    state.presence = data.officer.presence;
    state.agency = data.officer.agency;
  }
  state.waiting = data.waiting || state.waiting;
  state.visit = data.visit || null;
  const open = (data.video || []).slice(-1)[0];
  if (open) {
    join(open).catch((err) => showProblem(problem, err));
  }
  render();
}

function event(m) {
  if (m.type === 'officer.presence') {
    state.presence = m.data.presence;
  } else if (m.type === 'queue.summary') {
    state.waiting = m.data;
  } else if (m.type === 'video.ready') {
    join(m.data).catch((err) => showProblem(problem, err));
  } else if (m.type === 'video.ended') {
    ended(m.data.sessionId);
  } else if (m.type.startsWith('visit.')) {
    visitChanged(m.data.visit);
    return;
  }
  render();
}

async function main() {
  const token = await staffToken('officer', document.getElementById('signin'));
  setToken(token);
  const c = claims(token);
  state.id = c.sub;
  state.agency = c.agency;
  document.getElementById('screen').hidden = false;
  const [me, agencies] = await Promise.all([get('/api/v1/officers/' + state.id).catch(() => null), get('/api/v1/agencies')]);
  state.agencies = agencies;
  if (me) {
    state.name = me.name;
    state.presence = state.presence || me.presence;
  }
  fillTransfer();
  render();
  window.videomote.live = new Live('/ws/v1/officers/' + encodeURIComponent(state.id), token, {
    snapshot, event, state: ui.liveState
  }).start();
}
main().catch((err) => { document.getElementById('screen').hidden = false; showProblem(problem, err); });
