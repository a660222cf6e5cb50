/*
 * The demo room terminal (room.html) and officer console (officer.html). Open either with the bearer token in the
 * fragment, which browsers never send to the server: room.html#token=<room token>, officer.html#token=<officer
 * token> (ready tokens at /demo/tokens in demo mode). The page listens on its live stream; when a video session is
 * ready (video.ready, or the stream's snapshot) it fetches its own join and connects.
 */
(function () {
  'use strict';

  const body = document.body;
  const side = body.dataset.side;
  const status = document.getElementById('status');
  const bearer = new URLSearchParams(location.hash.slice(1)).get('token');
  const page = { call: null, session: null };
  window.videoPage = page;

  function show(text) {
    status.textContent = text;
  }

  function setCall(state) {
    body.dataset.call = state;
    show({
      signaling: 'Ansluter till samtalet…', waiting: 'Väntar på den andra parten…', new: 'Ringer upp…',
      connecting: 'Kopplar upp…', connected: 'Samtal pågår', disconnected: 'Förbindelsen bröts, försöker igen…',
      failed: 'Förbindelsen misslyckades', ended: 'Samtalet är avslutat', idle: 'Väntar på nästa besök'
    }[state] || state);
  }

  if (!bearer) {
    show('Öppna sidan med #token=<token>.');
    return;
  }
  const claims = Videomote.claims(bearer);
  const livePath = side === 'room' ? '/ws/v1/rooms/' + claims.room : '/ws/v1/officers/' + claims.sub;
  let media = null;

  async function localMedia() {
    if (!media) {
      media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      document.getElementById('local').srcObject = media;
    }
    return media;
  }

  async function fetchJoin(ready) {
    const response = await fetch(ready.joinPath, { headers: { Authorization: 'Bearer ' + bearer } });
    if (response.status === 404) {
      return null; // ended meanwhile
    }
    if (!response.ok) {
      throw new Error('join: HTTP ' + response.status);
    }
    return response.json();
  }

  async function join(ready) {
    if (page.session === ready.sessionId && page.call && !page.call.ended) {
      return;
    }
    page.session = ready.sessionId;
    const view = await fetchJoin(ready);
    if (!view || page.session !== ready.sessionId) {
      return;
    }
    if (view.provider !== 'BUILTIN') {
      const own = side === 'room' ? view.roomJoin : view.officerJoin;
      show('Samtalet hålls i Jitsi Meet: ' + own.url);
      return;
    }
    const call = new Videomote.VideoCall({
      side,
      join: side === 'room' ? view.roomJoin : view.officerJoin,
      iceServers: view.iceServers,
      localStream: await localMedia(),
      remoteVideo: document.getElementById('remote'),
      onState: setCall,
      onLost: () => setTimeout(() => {
        if (page.call === call && page.session === ready.sessionId) {
          page.call = null;
          join(ready).catch((err) => show(err.message));
        }
      }, 1000)
    });
    page.call = call;
    call.start();
  }

  function ended(sessionId) {
    if (page.session === sessionId && page.call) {
      page.call.end();
    }
    page.session = null;
  }

  function received(message) {
    if (message.type === 'snapshot') {
      body.dataset.live = 'listening';
      const open = side === 'room' ? message.data.video : (message.data.video || []).slice(-1)[0];
      if (open) {
        join(open).catch((err) => show(err.message));
      }
    } else if (message.type === 'video.ready') {
      join(message.data).catch((err) => show(err.message));
    } else if (message.type === 'video.ended') {
      ended(message.data.sessionId);
    }
  }

  setCall('idle');
  page.live = new Videomote.LiveStream(livePath, bearer, received).start();
})();
