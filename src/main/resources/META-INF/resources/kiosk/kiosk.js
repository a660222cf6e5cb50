/*
 * Entrance kiosk: agency -> service -> language and interpreter -> the ticket and its estimated wait in big type,
 * then back to the start after a few seconds (?reset=<seconds> changes it). Large touch targets; works without a
 * keyboard. Follows the office's display stream for the waiting counts it shows (never a name).
 */
import { shell, h } from '/app/shell.js';
import { t, onLanguage, waitRange } from '/app/i18n.js';
import { setToken, get, post, newKey, showProblem } from '/app/api.js';
import { deviceToken, forget } from '/app/auth.js';
import { Live } from '/app/live.js';

const ui = shell();
const LANGUAGES = ['sv', 'en', 'ar', 'so', 'ti', 'fa', 'uk', 'pl'];
const resetSeconds = Number(new URLSearchParams(location.search).get('reset')) || 12;
const state = { office: null, agencies: [], waiting: {}, agency: null, service: null, language: 'sv', interpreter: false,
  ticket: null, busy: false };
window.videomote = { state };
let resetTimer = null;
const problem = document.getElementById('problem');

function step(name) {
  document.body.dataset.step = name;
  for (const s of ['agency', 'service', 'needs', 'ticket']) {
    document.getElementById('step-' + s).hidden = s !== name;
  }
  const heading = document.querySelector('#step-' + name + ' h2');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

function restart() {
  clearTimeout(resetTimer);
  Object.assign(state, { agency: null, service: null, language: 'sv', interpreter: false, ticket: null });
  showProblem(problem, null);
  render();
  step('agency');
}

function languageName(code) {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code);
  } catch (e) {
    return code;
  }
}

function render() {
  const offered = state.agencies;
  document.getElementById('agencies').replaceChildren(...offered.map((a) => h('li', {}, h('button', {
    type: 'button', 'data-agency': a.code,
    onclick: () => { state.agency = a; render(); step('service'); }
  }, a.name, h('span', { class: 'sub', text: t('kiosk.waitingNow', { count: state.waiting[a.code] ? state.waiting[a.code].waiting : 0 }) })))));
  const services = state.agency ? state.agency.services : [];
  document.getElementById('services').replaceChildren(...services.map((s) => h('li', {}, h('button', {
    type: 'button', 'data-service': s.code, onclick: () => { state.service = s; render(); step('needs'); }
  }, s.name))));
  document.getElementById('languages').replaceChildren(...LANGUAGES.map((code) => h('li', {}, h('button', {
    type: 'button', lang: code, 'data-language': code, 'aria-pressed': String(state.language === code),
    onclick: () => { state.language = code; render(); }
  }, languageName(code)))));
  document.getElementById('interpreter-no').setAttribute('aria-pressed', String(!state.interpreter));
  document.getElementById('interpreter-yes').setAttribute('aria-pressed', String(state.interpreter));
  if (state.ticket) {
    document.getElementById('ticket').textContent = state.ticket.ticket;
    document.getElementById('ticket-wait').textContent = t('kiosk.estimate', { wait: waitRange(state.ticket.estimatedWait),
      position: state.ticket.position });
  }
}
onLanguage(render);

/** Only the waiting counts change on their own: the buttons stay, and so does the focus. */
function counts() {
  document.querySelectorAll('[data-agency] .sub').forEach((sub) => {
    const code = sub.parentElement.dataset.agency;
    sub.textContent = t('kiosk.waitingNow', { count: state.waiting[code] ? state.waiting[code].waiting : 0 });
  });
}

document.querySelectorAll('.back').forEach((b) => b.addEventListener('click', () => {
  step(document.body.dataset.step === 'needs' ? 'service' : 'agency');
}));
document.getElementById('interpreter-no').addEventListener('click', () => { state.interpreter = false; render(); });
document.getElementById('interpreter-yes').addEventListener('click', () => { state.interpreter = true; render(); });
document.getElementById('done').addEventListener('click', restart);
document.getElementById('take').addEventListener('click', async () => {
  if (state.busy) {
    return;
  }
  state.busy = true;
  showProblem(problem, null);
  try {
    state.ticket = await post('/api/v1/offices/' + encodeURIComponent(state.office) + '/visits', {
      agency: state.agency.code, service: state.service.code, language: state.language, interpreter: state.interpreter
    }, { idempotencyKey: newKey() });
    render();
    step('ticket');
    resetTimer = setTimeout(restart, resetSeconds * 1000);
  } catch (err) {
    showProblem(problem, err);
  } finally {
    state.busy = false;
  }
});

async function main() {
  const signedIn = await deviceToken('kiosk', 'kiosk', document.getElementById('signin'));
  const token = signedIn.token;
  setToken(token);
  state.office = signedIn.office;
  document.getElementById('screen').hidden = false;
  window.videomote.live = new Live('/ws/v1/offices/' + encodeURIComponent(state.office) + '/display', token, {
    snapshot: (data) => {
      state.waiting = Object.fromEntries(((data.queue && data.queue.agencies) || []).map((a) => [a.agency, a]));
      counts();
    },
    event: (m) => {
      if (m.type === 'queue.summary') {
        state.waiting = Object.fromEntries((m.data.agencies || []).map((a) => [a.agency, a]));
        counts();
      }
    },
    state: ui.liveState,
    revoked: () => { forget('videomote.kiosk.token'); location.replace(location.pathname); }
  }).start();
  const [office, agencies] = await Promise.all([get('/api/v1/offices/' + encodeURIComponent(state.office)),
    get('/api/v1/agencies')]);
  state.agencies = agencies.filter((a) => (office.agencies || []).includes(a.code));
  restart();
  window.videomote.readyAt = performance.now();
}
main().catch((err) => showProblem(problem, err));
