/*
 * Visitor room terminal: an idle screen with what to do; "ticket M042 — your meeting starts" when a ticket is
 * called here; the video call full screen (the built-in provider, /video/videomote-video.js); "thank you", then
 * back to idle. Follows the room's stream (/ws/v1/rooms/{roomId}): the ticket, never a name.
 */
import { shell } from '/app/shell.js';
import { t, onLanguage } from '/app/i18n.js';
import { setToken, get } from '/app/api.js';
import { deviceToken, forget } from '/app/auth.js';
import { Live } from '/app/live.js';

const ui = shell();
const thanksSeconds = Number(new URLSearchParams(location.search).get('thanks')) || 10;
const state = { room: null, roomName: null, roomStatus: null, visit: null, view: 'idle', call: null, session: null,
  callState: 'idle' };
window.videomote = { state };
let media = null;
let thanksTimer = null;

function view(name) {
  state.view = name;
  document.body.dataset.view = name;
  for (const v of ['idle', 'called', 'call', 'thanks']) {
    document.getElementById('view-' + v).hidden = v !== name;
  }
  render();
  document.getElementById('announce').textContent = name === 'called' ? document.getElementById('called-h').textContent
    : name === 'thanks' ? t('room.thanks') : '';
}

function render() {
  if (state.roomName) {
    document.getElementById('room-name').textContent = t('room.titleNamed', { room: state.roomName });
  }
  document.getElementById('room-status').textContent = state.roomStatus ? t('room.status', { status: t('roomStatus.' + state.roomStatus) }) : '';
  document.getElementById('called-h').textContent = state.visit ? t('room.called', { ticket: state.visit.ticket }) : '';
  document.getElementById('call-state').textContent = t('call.' + state.callState);
}
onLanguage(render);

function setCall(s) {
  state.callState = s;
  document.body.dataset.call = s;
  render();
}

async function localMedia() {
  if (!media) {
    media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    document.getElementById('local').srcObject = media;
  }
  return media;
}

async function join(ready) {
  if (state.session === ready.sessionId && state.call && !state.call.ended) {
    return;
  }
  clearTimeout(thanksTimer);
  state.session = ready.sessionId;
  const session = await get(ready.joinPath).catch((err) => (err.status === 404 ? null : Promise.reject(err)));
  if (!session || state.session !== ready.sessionId) {
    return;
  }
  view('call');
  if (session.provider !== 'BUILTIN') {
    // Jitsi: the terminal opens the meeting itself, full screen.
    location.assign(session.roomJoin.url);
    return;
  }
  const call = new window.Videomote.VideoCall({
    side: 'room', join: session.roomJoin, iceServers: session.iceServers, localStream: await localMedia(),
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

function thanks() {
  view('thanks');
  clearTimeout(thanksTimer);
  thanksTimer = setTimeout(() => { if (state.view === 'thanks') { view('idle'); } }, thanksSeconds * 1000);
}

function ended(sessionId) {
  if (state.session === sessionId && state.call) {
    state.call.end();
  }
  state.session = null;
  state.call = null;
  if (state.view === 'call') {
    thanks();
  }
}

function visitChanged(v) {
  if (v.status === 'CALLED') {
    state.visit = v;
    if (state.view !== 'call') {
      view('called');
    }
  } else if (v.status === 'IN_MEETING') {
    state.visit = v;
  } else {
    state.visit = null;
    if (v.status === 'COMPLETED' && (state.view === 'call' || state.view === 'called')) {
      thanks();
    } else if (state.view !== 'thanks') {
      view('idle');
    }
  }
  render();
}

function snapshot(data) {
  const own = (data.rooms || [])[0];
  if (own) {
    state.roomName = own.name;
    state.roomStatus = own.status;
  }
  if (data.visit) {
    visitChanged(data.visit);
  } else if (state.view === 'called') {
    view('idle');
  }
  if (data.video) {
    join(data.video).catch(() => {});
  }
  render();
}

function event(m) {
  if (m.type === 'room.status') {
    state.roomStatus = m.data.status;
  } else if (m.type === 'video.ready') {
    join(m.data).catch(() => {});
  } else if (m.type === 'video.ended') {
    ended(m.data.sessionId);
  } else if (m.type.startsWith('visit.')) {
    visitChanged(m.data.visit);
  }
  render();
}

async function main() {
  const signedIn = await deviceToken('room', 'room', document.getElementById('signin'));
  const token = signedIn.token;
  setToken(token);
  state.room = signedIn.room;
  document.getElementById('screen').hidden = false;
  view('idle');
  window.videomote.live = new Live('/ws/v1/rooms/' + encodeURIComponent(state.room), token, {
    snapshot, event, state: ui.liveState,
    revoked: () => { forget('videomote.room.token'); location.replace(location.pathname); }
  }).start();
}
main();
