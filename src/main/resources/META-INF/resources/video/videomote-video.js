/*
 * Videomöte browser client for the built-in video provider.
 *
 * LiveStream: a live status stream (/ws/v1/...), authenticated the way browsers must (the bearer token travels as a
 *   WebSocket subprotocol), resumed with ?after=<seq> after a drop.
 * VideoCall: one side of a WebRTC call whose signaling the service relays over /ws/v1/video/{sessionId}, entered
 *   with that side's join token (?token=). The officer makes the offer whenever a room peer is present and there is
 *   no working connection; the room answers. Media flows between the two browsers, never through the service.
 */
(function (global) {
  'use strict';

  function wsUrl(path) {
    const url = new URL(path, global.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url;
  }

  /** The claims of a JWT, read without verifying (the server verifies). */
  function claims(token) {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part + '==='.slice((part.length + 3) % 4)))));
  }

  class LiveStream {
    constructor(path, bearer, onMessage) {
      this.path = path;
      this.bearer = bearer;
      this.onMessage = onMessage;
      this.seq = null;
      this.stopped = false;
    }

    start() {
      const url = wsUrl(this.path);
      if (this.seq !== null) {
        url.searchParams.set('after', String(this.seq));
      }
      const carrier = encodeURIComponent('quarkus-http-upgrade#Authorization#Bearer ' + this.bearer);
      this.socket = new WebSocket(url.toString(), [carrier, 'videomote.v1']);
      this.socket.onmessage = (e) => {
        const message = JSON.parse(e.data);
        this.seq = message.seq;
        this.onMessage(message);
      };
      this.socket.onclose = () => {
        if (!this.stopped) {
          setTimeout(() => this.start(), 2000);
        }
      };
      return this;
    }

    stop() {
      this.stopped = true;
      if (this.socket) {
        this.socket.close();
      }
    }
  }

  class VideoCall {
    /**
     * side: 'room' or 'officer'; join: {url, token}; iceServers: RTCIceServer[]; localStream: MediaStream;
     * remoteVideo: a <video> element; onState(state): 'signaling', 'waiting', any RTCPeerConnectionState, 'ended'.
     * onLost(code): the signaling socket closed for another reason than the session ending.
     */
    constructor({ side, join, iceServers, localStream, remoteVideo, onState, onLost }) {
      this.side = side;
      this.join = join;
      this.iceServers = iceServers || [];
      this.localStream = localStream;
      this.remoteVideo = remoteVideo;
      this.onState = onState || (() => {});
      this.onLost = onLost || (() => {});
      this.pc = null;
      this.peer = null;        // the other side's connection, while present
      this.remotePeer = null;  // the connection our RTCPeerConnection negotiates with
      this.pending = [];       // candidates that arrived before their description
      this.ended = false;
    }

    start() {
      const url = wsUrl(this.join.url);
      url.searchParams.set('token', this.join.token);
      this.setState('signaling');
      this.socket = new WebSocket(url.toString());
      this.socket.onmessage = (e) => this.received(JSON.parse(e.data)).catch((err) => console.warn('video:', err));
      this.socket.onclose = (e) => {
        if (e.code === 4410 || this.ended) {
          this.end();
        } else {
          this.onLost(e.code);
        }
      };
      return this;
    }

    send(message) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify(message));
      }
    }

    async received(m) {
      switch (m.type) {
        case 'welcome':
          this.setState('waiting');
          if (m.peer) {
            await this.present(m.peer);
          }
          break;
        case 'peer-joined':
          await this.present(m.peer);
          break;
        case 'peer-left':
          if (m.peer === this.peer) {
            this.peer = null; // media may well go on: only signaling was lost
          }
          break;
        case 'offer':
          if (this.side === 'room') {
            await this.answer(m);
          }
          break;
        case 'answer':
          if (this.side === 'officer' && this.pc && m.peer === this.remotePeer) {
            await this.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
            await this.flushCandidates();
          }
          break;
        case 'candidate':
          this.pending.push(m);
          await this.flushCandidates();
          break;
        case 'bye':
          if (m.from === 'server') {
            this.end();
          } else {
            this.closePeerConnection();
            this.setState('waiting');
          }
          break;
        case 'error':
          console.warn('video: the relay refused a message:', m.detail);
          break;
        default:
          break;
      }
    }

    /** The other side is connected: the officer calls, unless a call is already up. */
    async present(peer) {
      this.peer = peer;
      if (this.side === 'officer' && !(this.pc && ['connected', 'connecting'].includes(this.pc.connectionState))) {
        await this.call();
      }
    }

    newPeerConnection(remotePeer) {
      this.closePeerConnection();
      const pc = new RTCPeerConnection({ iceServers: this.iceServers });
      this.localStream.getTracks().forEach((t) => pc.addTrack(t, this.localStream));
      pc.onicecandidate = (e) => this.send({ type: 'candidate', candidate: e.candidate ? e.candidate.toJSON() : null });
      pc.ontrack = (e) => {
        if (this.remoteVideo) {
          this.remoteVideo.srcObject = e.streams[0];
        }
      };
      pc.onconnectionstatechange = () => {
        if (pc !== this.pc) {
          return;
        }
        this.setState(pc.connectionState);
        if (pc.connectionState === 'failed' && this.side === 'officer' && this.peer) {
          this.call().catch((err) => console.warn('video:', err));
        }
      };
      this.pc = pc;
      this.remotePeer = remotePeer;
      this.pending = this.pending.filter((c) => c.peer === remotePeer);
      return pc;
    }

    async call() {
      const pc = this.newPeerConnection(this.peer);
      this.setState('new');
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      this.send({ type: 'offer', sdp: offer.sdp });
    }

    async answer(offer) {
      const pc = this.pc && offer.peer === this.remotePeer ? this.pc : this.newPeerConnection(offer.peer);
      await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      await this.flushCandidates();
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      this.send({ type: 'answer', sdp: answer.sdp });
    }

    async flushCandidates() {
      const pc = this.pc;
      if (!pc || !pc.remoteDescription) {
        return;
      }
      const ready = this.pending.filter((c) => c.peer === this.remotePeer);
      this.pending = this.pending.filter((c) => c.peer !== this.remotePeer);
      for (const c of ready) {
        try {
          await pc.addIceCandidate(c.candidate || undefined);
        } catch (err) {
          console.warn('video: candidate refused:', err);
        }
      }
    }

    closePeerConnection() {
      if (this.pc) {
        this.pc.close();
        this.pc = null;
        this.remotePeer = null;
      }
    }

    hangUp() {
      this.send({ type: 'bye' });
      this.end();
    }

    end() {
      if (this.ended) {
        return;
      }
      this.ended = true;
      this.closePeerConnection();
      if (this.socket && this.socket.readyState <= WebSocket.OPEN) {
        this.socket.close(1000);
      }
      if (this.remoteVideo) {
        this.remoteVideo.srcObject = null;
      }
      this.setState('ended');
    }

    setState(state) {
      this.state = state;
      this.onState(state);
    }
  }

  global.Videomote = { LiveStream, VideoCall, claims };
})(window);
