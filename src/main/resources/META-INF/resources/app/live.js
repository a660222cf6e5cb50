/*
 * A live status stream (/ws/v1/...): the token travels as a WebSocket subprotocol next to videomote.v1 (browsers
 * cannot set headers), the first message is a snapshot, then numbered events. After a drop it reconnects by itself
 * with ?after=<last seq> and exponential back-off (0.5 s doubling to 30 s, with jitter), never reloading the page.
 * Events of the connection's own stream are applied exactly once: a repeated seq is skipped and counted, a gap is
 * counted (the tests assert both stay zero). Followed streams (an officer's agency) are deduplicated per stream.
 */
export class Live {
  /**
   * path: '/ws/v1/...'; token: bearer; handlers: {snapshot(data, message), event(message), state(s)} where s is
   * 'connecting' | 'live' | 'reconnecting' | 'stopped'.
   */
  constructor(path, token, handlers) {
    this.path = path;
    this.token = token;
    this.handlers = handlers;
    this.own = null;          // the connection's own stream, from its first snapshot
    this.seq = null;          // last seq handled of the own stream
    this.followed = new Map(); // stream -> last seq handled
    this.attempt = 0;
    this.stopped = false;
    this.timer = null;
    this.stats = { snapshots: 0, events: 0, duplicates: 0, gaps: 0, connects: 0, reconnects: 0, firstSnapshotAt: 0 };
    this.onOnline = () => { if (!this.open()) { this.reconnectNow(); } };
  }

  start() {
    window.addEventListener('online', this.onOnline);
    this.connect();
    return this;
  }

  open() {
    return this.socket && this.socket.readyState === WebSocket.OPEN;
  }

  connect() {
    clearTimeout(this.timer);
    this.timer = null;
    const url = new URL(this.path, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.seq !== null) {
      url.searchParams.set('after', String(this.seq));
    }
    this.state(this.stats.connects === 0 ? 'connecting' : 'reconnecting');
    this.stats.connects++;
    const carrier = encodeURIComponent('quarkus-http-upgrade#Authorization#Bearer ' + this.token);
    const socket = new WebSocket(url.toString(), [carrier, 'videomote.v1']);
    this.socket = socket;
    socket.onmessage = (e) => {
      if (socket !== this.socket) {
        return;
      }
      this.attempt = 0;
      this.state('live');
      this.received(JSON.parse(e.data));
    };
    socket.onclose = (e) => {
      if (socket !== this.socket || this.stopped) {
        return;
      }
      if (e.code === 4003) { // the device was revoked
        this.stop();
        if (this.handlers.revoked) {
          this.handlers.revoked();
        }
        return;
      }
      this.retry();
    };
  }

  retry() {
    this.stats.reconnects++;
    this.state('reconnecting');
    const delay = Math.min(30000, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt = Math.min(this.attempt + 1, 10);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Drop the connection and connect again at once (also what a network drop leads to). */
  reconnectNow() {
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
    }
    this.stats.reconnects++;
    this.connect();
  }

  received(message) {
    if (message.type === 'snapshot' && (this.own === null || message.stream === this.own)) {
      this.own = message.stream;
      this.seq = message.seq;
      this.stats.snapshots++;
      this.handlers.snapshot(message.data, message);
      if (!this.stats.firstSnapshotAt) {
        this.stats.firstSnapshotAt = performance.now(); // since navigation start, the snapshot rendered
      }
      return;
    }
    if (message.stream === this.own) {
      if (message.seq <= this.seq) {
        this.stats.duplicates++;
        return;
      }
      if (message.seq !== this.seq + 1) {
        this.stats.gaps++;
      }
      this.seq = message.seq;
    } else {
      const last = this.followed.get(message.stream);
      if (last !== undefined && message.seq <= last) {
        this.stats.duplicates++;
        return;
      }
      this.followed.set(message.stream, message.seq);
      if (message.type === 'snapshot') {
        return;
      }
    }
    this.stats.events++;
    this.handlers.event(message);
  }

  state(s) {
    if (this.current !== s) {
      this.current = s;
      if (this.handlers.state) {
        this.handlers.state(s);
      }
    }
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    if (this.socket) {
      this.socket.close();
    }
    this.state('stopped');
  }
}
